using System.Globalization;

namespace Aurora.Instrumentation.Timeline;

/// <summary>
/// Linux keeps a process's start in 10 ms ticks, so the root span and the runtime phase can start up to 10 ms early.
/// A launcher that knows better (the <c>aurora-startup</c> tool) passes the moment it launched the process in
/// <c>AURORA_LAUNCH_UNIX_US</c>; it is used only when it agrees with the kernel's record, so a value inherited by a
/// grandchild started later is ignored.
/// </summary>
internal static class LaunchTime
{
    public const string Variable = "AURORA_LAUNCH_UNIX_US";

    /// <summary>How far before the kernel's tick the launcher's clock read may be (fork + exec + clock skew).</summary>
    private static readonly TimeSpan s_before = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The start tick and the uptime it is compared with are each rounded down to 10 ms, so the kernel's record can be
    /// up to ~20 ms off either way; a little more covers clock adjustments on virtual machines.
    /// </summary>
    private static readonly TimeSpan s_after = TimeSpan.FromMilliseconds(30);

    public static DateTimeOffset? Refine(DateTimeOffset? kernelStart, DateTimeOffset now, string? value)
    {
        if (kernelStart is not { } start || string.IsNullOrWhiteSpace(value)
            || !long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds)
            || microseconds > (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10)
        {
            return kernelStart;
        }

        var launched = DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);
        return launched >= start - s_before && launched <= start + s_after && launched <= now ? launched : kernelStart;
    }
}
