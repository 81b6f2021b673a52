using Aurora.Instrumentation.Testing.Running;
using Aurora.Startup.Tool.Statistics;

namespace Aurora.Startup.Tool.Compare;

/// <summary>The result of <c>compare</c>, as printed and exported: every run in schedule order and the comparisons.</summary>
internal sealed class CompareResult
{
    public required CompareSettings Settings { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Every scheduled run, warm-ups included, in the order they ran.</summary>
    public IReadOnlyList<ComparedRun> Runs { get; init; } = [];

    public IReadOnlyList<MetricComparison> Comparisons { get; init; } = [];
}

/// <summary>One run of a comparison.</summary>
/// <param name="Schedule">Its side, pair index and whether it was a warm-up.</param>
/// <param name="First">Whether it ran first in its pair.</param>
/// <param name="Outcome">How it went and what it measured.</param>
internal sealed record ComparedRun(ScheduledRun Schedule, bool First, RunOutcome Outcome);
