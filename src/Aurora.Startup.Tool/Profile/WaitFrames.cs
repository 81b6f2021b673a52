namespace Aurora.Startup.Tool.Profile;

/// <summary>
/// Whether a sampled thread was blocked rather than running. EventPipe samples every managed thread whether it runs or
/// waits, so a thread parked in a wait shows up every millisecond; outside a phase that is noise (idle pool threads, a
/// Main blocked on its task), inside one it is the phase's own wait and is kept.
/// </summary>
internal static class WaitFrames
{
    /// <summary>How many innermost frames are looked at: waits sit at the leaf, under at most a couple of wrappers.</summary>
    private const int LeafFrames = 3;

    private static readonly string[] s_waits =
    [
        "System.Threading.WaitHandle.Wait",
        "System.Threading.WaitSubsystem.",
        "System.Threading.LowLevelLifoSemaphore.Wait",
        "System.Threading.LowLevelSpinWaiter.Wait",
        "System.Threading.LowLevelMonitor.Wait",
        "System.Threading.Monitor.Wait",
        "System.Threading.Monitor.ObjWait",
        "System.Threading.Thread.Sleep",
        "System.Threading.Thread.Join",
        "System.Threading.SpinWait.SpinOnce",
        "System.Threading.ManualResetEventSlim.Wait",
        "System.Threading.SemaphoreSlim.Wait",
        "System.Threading.Tasks.Task.SpinThenBlockingWait",
        "System.Threading.Tasks.Task.InternalWait",
        "Interop+Sys.WaitForSocketEvents",
    ];

    public static bool IsWaiting(IReadOnlyList<string> frames)
    {
        for (var i = frames.Count - 1; i >= 0 && i >= frames.Count - LeafFrames; i--)
        {
            foreach (var wait in s_waits)
            {
                if (frames[i].StartsWith(wait, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
