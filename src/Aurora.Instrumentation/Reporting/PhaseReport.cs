namespace Aurora.Instrumentation;

/// <summary>One phase in a <see cref="StartupReport"/>. Times are milliseconds from process start.</summary>
public sealed class PhaseReport
{
    /// <summary>Phase id, e.g. <c>config</c>.</summary>
    public required string Name { get; init; }

    /// <summary>When the phase began, in milliseconds from process start.</summary>
    public double StartMs { get; init; }

    /// <summary>How long it took (so far, when <see cref="Completed"/> is false).</summary>
    public double DurationMs { get; init; }

    /// <summary>Whether the phase ended before the report was made.</summary>
    public bool Completed { get; init; } = true;

    /// <summary>Whether it ran off the critical path.</summary>
    public bool Background { get; init; }

    /// <summary>Its budget, when it has one.</summary>
    public double? BudgetMs { get; init; }

    /// <summary>Whether it exceeded its budget.</summary>
    public bool Exceeded { get; init; }

    /// <summary>Methods JIT-compiled during the phase (process-wide).</summary>
    public long JitMethods { get; init; }

    /// <summary>Time spent JIT-compiling during the phase (process-wide).</summary>
    public double JitTimeMs { get; init; }

    /// <summary>Assemblies loaded during the phase.</summary>
    public int AssembliesLoaded { get; init; }

    /// <summary>Bytes allocated during the phase (process-wide).</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>For a lazy or background phase: total time callers were blocked waiting for it; otherwise <c>null</c>.</summary>
    public double? LazyWaitMs { get; init; }

    /// <summary>For a lazy or background phase: how many callers asked for the value.</summary>
    public int LazyWaiters { get; init; }

    /// <summary>
    /// For a background phase: the share of its duration hidden from callers, in percent
    /// (100 when nobody had to wait); otherwise <c>null</c>.
    /// </summary>
    public double? HiddenPercent
        => Background && LazyWaitMs is { } wait && DurationMs > 0
            ? Math.Clamp(100.0 * (1.0 - (wait / DurationMs)), 0, 100)
            : null;
}
