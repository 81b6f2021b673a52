namespace Aurora.Startup.Tool.Cli;

/// <summary>The tool's exit codes (documented in README.md).</summary>
internal static class ExitCodes
{
    /// <summary>Everything measured and within budget; no significant slowdown.</summary>
    public const int Ok = 0;

    /// <summary>The guard failed: an error-level budget overrun, or (compare) a significant slowdown beyond the threshold.</summary>
    public const int GuardFailed = 1;

    /// <summary>Usage error: unknown option, bad value, missing or broken input file (budgets, baseline).</summary>
    public const int Usage = 2;

    /// <summary>Measurement failed: a run failed, hung, wrote no or a garbled report; or a report to check is unreadable.</summary>
    public const int MeasurementFailed = 3;

    /// <summary>The guard verdict wins over failed runs: a budget overrun is reported as such even if a run also failed.</summary>
    public static int Combine(bool guardFailed, bool measurementFailed)
        => guardFailed ? GuardFailed : measurementFailed ? MeasurementFailed : Ok;
}
