namespace Aurora.Instrumentation.Telemetry;

/// <summary>Name, unit and description of each <see cref="StartupInstrument"/>.</summary>
internal static class StartupInstrumentInfo
{
    public static string Name(StartupInstrument instrument) => instrument switch
    {
        StartupInstrument.Duration => StartupMetrics.Duration,
        StartupInstrument.PhaseDuration => StartupMetrics.PhaseDuration,
        StartupInstrument.BudgetOverruns => StartupMetrics.BudgetOverruns,
        _ => StartupMetrics.LazyWait,
    };

    public static string Unit(StartupInstrument instrument) => instrument == StartupInstrument.BudgetOverruns ? "{overrun}" : "s";

    public static string Description(StartupInstrument instrument) => instrument switch
    {
        StartupInstrument.Duration => "Process start to the ready milestone.",
        StartupInstrument.PhaseDuration => "Duration of one startup phase.",
        StartupInstrument.BudgetOverruns => "Startup budget overruns.",
        _ => "Time a caller was blocked waiting for a lazy or background value.",
    };

    /// <summary>Histograms have the startup buckets (<see cref="StartupMetrics.DurationBucketBoundaries"/>); the counter is a monotonic sum.</summary>
    public static bool IsHistogram(StartupInstrument instrument) => instrument != StartupInstrument.BudgetOverruns;
}
