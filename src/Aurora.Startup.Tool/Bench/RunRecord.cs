using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;

namespace Aurora.Startup.Tool.Bench;

/// <summary>What the result keeps of one run (measured or warm-up): its outcome and, when it wrote a report, its phases on the time axis.</summary>
internal sealed record RunRecord(int Index, bool Warmup, RunStatus Status, int? ExitCode, double WallMs, long? PeakMemoryBytes, double? TotalMs, string? Error)
{
    /// <summary>The run's phases (keyed as the series are), for the waterfall of the median run; empty without a report.</summary>
    public IReadOnlyList<RunPhase> Phases { get; init; } = [];

    public static RunRecord From(int index, bool warmup, RunOutcome outcome)
        => new(index, warmup, outcome.Status, outcome.ExitCode, outcome.WallMs, outcome.PeakMemoryBytes, outcome.Report?.TotalMs, outcome.Error)
        {
            Phases = outcome.Report is { } report ? SeriesBuilder.PhasesOf(report) : [],
        };
}
