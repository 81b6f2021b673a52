namespace Aurora.Instrumentation.Internal;

/// <summary>The user this process runs as, for the trust checks.</summary>
internal static class CurrentUser
{
    /// <summary>The effective uid (<c>geteuid</c>), or -1 where it cannot be known (Windows, or libc not usable).</summary>
    public static long EffectiveUid => LinuxFileCalls.EffectiveUid();
}
