namespace Aurora.Instrumentation.Testing.Running;

/// <summary>How one run of the measured command ended.</summary>
internal enum RunStatus
{
    /// <summary>Exit code 0 and a readable report.</summary>
    Ok,

    /// <summary>The command exited non-zero.</summary>
    Failed,

    /// <summary>The command ran past the timeout and its process tree was killed.</summary>
    TimedOut,

    /// <summary>The command could not be started (not found, not executable).</summary>
    StartFailed,

    /// <summary>The command exited 0 but wrote no report (is it instrumented? is AURORA_STARTUP_REPORT honoured?).</summary>
    NoReport,

    /// <summary>The report could not be parsed.</summary>
    GarbledReport,
}
