namespace Aurora.Instrumentation.Telemetry;

/// <summary>
/// The four contract instruments, in one place: name, unit, description and kind. The app-side <c>Meter</c>, the
/// export package's derived metrics and its OTLP metric encoder all read them from here. The numeric values are
/// written to spool files: never renumber them.
/// </summary>
internal enum StartupInstrument : byte
{
    /// <summary>Histogram (s): process start → ready, or → end of the timeline when never ready.</summary>
    Duration = 1,

    /// <summary>Histogram (s): duration of one startup phase.</summary>
    PhaseDuration = 2,

    /// <summary>Counter: budget overruns.</summary>
    BudgetOverruns = 3,

    /// <summary>Histogram (s): how long a caller was blocked waiting for a lazy or background value.</summary>
    LazyWait = 4,
}
