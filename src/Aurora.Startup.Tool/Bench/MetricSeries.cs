using Aurora.Startup.Tool.Statistics;

namespace Aurora.Startup.Tool.Bench;

/// <summary>One metric over the measured runs (run order), flagged outliers included.</summary>
internal sealed class MetricSeries
{
    public MetricSeries(string name, MetricKind kind, IReadOnlyList<double> values, bool background = false, IReadOnlyList<double>? starts = null)
    {
        Name = name;
        Kind = kind;
        Values = values;
        Background = background;
        Starts = starts ?? [];
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

    public SampleSummary Summary { get; }

    public bool IsTime => Kind != MetricKind.Memory;

    public string Unit => Kind == MetricKind.Memory ? "bytes" : "ms";
}
