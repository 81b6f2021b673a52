using Aurora.Instrumentation.Testing.Statistics;

namespace Aurora.Instrumentation.Testing.Measurements;

/// <summary>One metric over the measured runs (run order), flagged outliers included.</summary>
internal sealed class MetricSeries
{
    public MetricSeries(string name, MetricKind kind, IReadOnlyList<double> values, bool background = false, IReadOnlyList<double>? starts = null, IReadOnlyList<int>? runIndexes = null)
    {
        if (runIndexes is not null && runIndexes.Count != values.Count)
        {
            throw new ArgumentException("one run index per value", nameof(runIndexes));
        }

        Name = name;
        Kind = kind;
        Values = values;
        Background = background;
        Starts = starts ?? [];
        RunIndexes = runIndexes;
        Summary = SampleSummary.Of(values) ?? throw new ArgumentException("a metric needs at least one value", nameof(values));
        StartMedian = Starts.Count == 0 ? 0 : SampleSummary.MedianOf(Starts);
    }

    public const string TotalName = "total";
    public const string WallName = "wall";
    public const string MemoryName = "memory";

    public string Name { get; }

    public MetricKind Kind { get; }

    public IReadOnlyList<double> Values { get; }

    /// <summary>For a phase: whether it ran in the background (in any run).</summary>
    public bool Background { get; }

    /// <summary>For a phase: its start (ms from process start) in each run it appeared in.</summary>
    public IReadOnlyList<double> Starts { get; }

    public double StartMedian { get; }

    /// <summary>
    /// For each value, the position of the run it came from among the runs the series was built from (the pair index
    /// in <c>compare</c>), or <c>null</c> when unknown (a series read back from JSON). A run that failed or lacked the
    /// metric has no value, so positions can skip; <c>compare</c> pairs base and head values by them.
    /// </summary>
    public IReadOnlyList<int>? RunIndexes { get; }

    public SampleSummary Summary { get; }

    public bool IsTime => Kind != MetricKind.Memory;

    public string Unit => Kind == MetricKind.Memory ? "bytes" : "ms";
}
