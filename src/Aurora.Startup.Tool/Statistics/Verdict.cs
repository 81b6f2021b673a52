namespace Aurora.Startup.Tool.Statistics;

/// <summary>The outcome of comparing head with base for one metric.</summary>
internal enum Verdict
{
    /// <summary>No significant change, and any change is smaller than the threshold (the confidence interval lies inside the band).</summary>
    Unchanged,

    /// <summary>Significantly faster by more than the threshold.</summary>
    Faster,

    /// <summary>Significantly slower by more than the threshold: the only verdict that fails a guard.</summary>
    Slower,

    /// <summary>Neither shown nor ruled out: more runs (or less noise) are needed.</summary>
    Inconclusive,

    /// <summary>Significantly slower, by at least the minimum difference, but not beyond the threshold: a real change that does not fail.</summary>
    SlowerUnderThreshold,

    /// <summary>Significantly faster, by at least the minimum difference, but not beyond the threshold.</summary>
    FasterUnderThreshold,
}
