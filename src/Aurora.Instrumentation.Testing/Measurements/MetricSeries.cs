using Aurora.Instrumentation.Testing.Statistics;

namespace Aurora.Instrumentation.Testing.Measurements;

/// <summary>One metric over the measured runs (run order), flagged outliers included.</summary>
internal sealed class MetricSeries
{
    public MetricSeries(string name, MetricKind kind, IReadOnlyList<double> values, bool background = false, IReadOnlyList<double>? starts = null, IReadOnlyList<int>? runIndexes = null, PhaseCounters? counters = null)
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
        Counters = counters;
        Summary = SampleSummary.Of(values) ?? throw new ArgumentException("a metric needs at least one value", nameof(values));
        StartMedian = Starts.Count == 0 ? 0 : SampleSummary.MedianOf(Starts);
    }

    public const string TotalName = "total";
    public const string WallName = "wall";
    public const string MemoryName = "memory";
    public const string UnattributedName = "unattributed";
    public const string OverheadName = "overhead";

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

    /// <summary>For a phase: what the timeline counted during it, per run; <c>null</c> otherwise (or when not recorded).</summary>
    public PhaseCounters? Counters { get; }

    /// <summary>
    /// Whether <c>compare</c> and <c>bench --baseline</c> test it: the phases, the total and the wall time. The
    /// unattributed time and the overhead are derived from them (the total holds both), so testing them too would only
    /// widen the Holm family.
    /// </summary>
    public bool IsCompared => Kind is MetricKind.Phase or MetricKind.Total or MetricKind.Wall;

    public string Unit => Kind == MetricKind.Memory ? "bytes" : "ms";
}
