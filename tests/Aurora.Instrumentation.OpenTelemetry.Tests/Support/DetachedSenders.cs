using System.Globalization;
using System.Text;
using Aurora.Instrumentation.OpenTelemetry.Delivery;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Support;

/// <summary>
/// The detached senders a test's probe runs started, found the way an administrator would: every process whose
/// environment names a folder under the test's spool root in <c>AURORA_TELEMETRY_SENDER</c> (/proc/&lt;pid&gt;/environ).
/// A sender is a grandchild of the test (its parent, the probe, has exited), so it can only be watched through /proc.
/// </summary>
internal static class DetachedSenders
{
    /// <summary>Live processes sending a folder under <paramref name="spoolRoot"/>.</summary>
    public static List<int> Find(string spoolRoot)
    {
        var marker = SenderProcess.MarkerVariable + "=" + Path.TrimEndingDirectorySeparator(spoolRoot) + Path.DirectorySeparatorChar;
        var found = new List<int>();
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string[] environment;
            try
            {
                environment = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "environ"))).Split('\0');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile, or not ours to read
            }

            if (Array.Exists(environment, entry => entry.StartsWith(marker, StringComparison.Ordinal)) && IsRunning(pid))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>Whether <paramref name="pid"/> is a live process (not gone, not a zombie waiting to be reaped).</summary>
    public static bool IsRunning(int pid)
    {
        var stat = Stat(pid);
        return stat is not null && stat[0] is not "Z" and not "X" and not "x";
    }

    /// <summary>Waits until every one of <paramref name="pids"/> has ended (hang guard: a sender lives at most 30 s).</summary>
    public static Task WaitForExitAsync(IEnumerable<int> pids, TimeSpan? timeout = null)
    {
        var waiting = pids.ToList();
        return Eventually.HoldsAsync(() => waiting.TrueForAll(pid => !IsRunning(pid)), $"detached sender(s) {string.Join(", ", waiting)} still running", timeout);
    }

    /// <summary>Ends a sender a test left behind (one of the test's own grandchildren, by its pid).</summary>
    public static void Kill(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // already gone
        }
    }

    /// <summary>What file descriptor <paramref name="fd"/> of <paramref name="pid"/> is open on (e.g. <c>/dev/null</c>, <c>pipe:[123]</c>).</summary>
    public static string? Descriptor(int pid, int fd)
        => new FileInfo($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd/{fd.ToString(CultureInfo.InvariantCulture)}").LinkTarget;

    /// <summary>The session id of <paramref name="pid"/> (a process in its own session is its session's leader).</summary>
    public static int Session(int pid) => int.Parse(Stat(pid)![3], CultureInfo.InvariantCulture);

    /// <summary>The scheduling policy of each thread of <paramref name="pid"/> (0 SCHED_OTHER, 5 SCHED_IDLE).</summary>
    public static List<int> ThreadPolicies(int pid)
    {
        var policies = new List<int>();
        foreach (var task in Directory.GetDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task"))
        {
            try
            {
                policies.Add(int.Parse(ProcessStat.Parse(File.ReadAllText(Path.Combine(task, "stat")))[38], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // the thread ended meanwhile
            }
        }

        return policies;
    }

    private static string[]? Stat(int pid) => ProcessStat.Fields(pid);
}
