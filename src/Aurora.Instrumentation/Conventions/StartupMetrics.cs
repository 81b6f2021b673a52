namespace Aurora.Instrumentation;

/// <summary>Metric instrument names (contract v1). Durations are in seconds.</summary>
public static class StartupMetrics
{
    /// <summary>Histogram: process start → ready (or → end of the timeline when never ready).</summary>
    public const string Duration = "aurora.startup.duration";

    /// <summary>Histogram: duration of each phase.</summary>
    public const string PhaseDuration = "aurora.startup.phase.duration";

    /// <summary>Counter: budget overruns.</summary>
    public const string BudgetOverruns = "aurora.startup.budget.overruns";

    /// <summary>Histogram: how long a caller waited for a lazy or background value.</summary>
    public const string LazyWait = "aurora.startup.lazy.wait";

    /// <summary>
    /// Explicit bucket boundaries (seconds) suited to startup: 1 ms … 30 s, roughly ×2 per bucket.
    /// The SDK's default boundaries (0 … 10 000) are meant for milliseconds and would put every startup in one bucket.
    /// </summary>
    public static IReadOnlyList<double> DurationBucketBoundaries { get; } =
    [
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.35, 0.5, 0.75,
        1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30,
    ];
}
