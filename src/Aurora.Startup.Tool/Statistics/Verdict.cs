namespace Aurora.Startup.Tool.Statistics;

/// <summary>The outcome of comparing head with base for one metric.</summary>
internal enum Verdict
{
    /// <summary>Any change is smaller than the threshold (the confidence interval lies inside the band).</summary>
    Unchanged,

    /// <summary>Significantly faster by more than the threshold.</summary>
    Faster,

    /// <summary>Significantly slower by more than the threshold: the only verdict that fails a guard.</summary>
    Slower,

    /// <summary>Neither shown nor ruled out: more runs (or less noise) are needed.</summary>
    Inconclusive,
}
