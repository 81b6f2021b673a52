using Aurora.Instrumentation.Testing.Running;

namespace Aurora.Startup.Tool.Bench;

/// <summary>What the result keeps of one run (measured or warm-up).</summary>
internal sealed record RunRecord(int Index, bool Warmup, RunStatus Status, int? ExitCode, double WallMs, long? PeakMemoryBytes, double? TotalMs, string? Error)
{
    public static RunRecord From(int index, bool warmup, RunOutcome outcome)
        => new(index, warmup, outcome.Status, outcome.ExitCode, outcome.WallMs, outcome.PeakMemoryBytes, outcome.Report?.TotalMs, outcome.Error);
}
