namespace Aurora.Instrumentation.OpenTelemetry.Spool;

/// <summary>Bounds of the spool: it is a cache of unsent telemetry, never an unbounded log.</summary>
internal sealed class SpoolLimits
{
    public static SpoolLimits Default { get; } = new();

    /// <summary>Total size of waiting files; the oldest are deleted beyond it.</summary>
    public long MaxTotalBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Number of waiting files; the oldest are deleted beyond it.</summary>
    public int MaxFiles { get; init; } = 2000;

    /// <summary>Files older than this are stale (the trace is of no use to anyone any more) and deleted.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Quarantined files kept for inspection; the oldest are deleted beyond it.</summary>
    public int MaxQuarantined { get; init; } = 20;

    /// <summary>A single spool file larger than this is not a file we wrote: it is quarantined unread.</summary>
    public int MaxFileBytes { get; init; } = 4 * 1024 * 1024;
}
