using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Aurora.Instrumentation.Timeline;

/// <summary>Facts about this process that the root span carries.</summary>
internal static class ProcessInfo
{
    /// <summary>
    /// <c>jit</c> or <c>aot</c>. <see cref="RuntimeFeature.IsDynamicCodeCompiled"/> rather than IsDynamicCodeSupported:
    /// a project with PublishAot=true switches the latter off in its runtimeconfig even when it runs under the JIT.
    /// </summary>
    public static string RuntimeMode => RuntimeFeature.IsDynamicCodeCompiled ? "jit" : "aot";

    /// <summary>The OS's record of when this process started (UTC); <c>null</c> if the OS won't say.</summary>
    public static DateTimeOffset? TryGetStartTime(DateTimeOffset nowUtc)
    {
        try
        {
            // On Linux, /proc answers in two small reads. System.Diagnostics.Process gives the same number (it reads
            // the same field) but loading and JIT-compiling it costs ~12 ms of the very startup we measure.
            if (OperatingSystem.IsLinux() && TryGetLinuxProcessAge(out var age))
            {
                return nowUtc - age;
            }

            using var process = Process.GetCurrentProcess();
            return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception ex)
        {
            Diagnostics.AuroraInstrumentationEventSource.Log.SwallowedException(nameof(TryGetStartTime), ex);
            return null;
        }
    }

    public static string ExecutableName()
    {
        var path = Environment.ProcessPath;
        return string.IsNullOrEmpty(path) ? "unknown" : Path.GetFileName(path);
    }

    /// <summary>
    /// Process age = time since boot (/proc/uptime) − the process's start in clock ticks since boot (/proc/self/stat
    /// field 22, in USER_HZ = 100 on every Linux ABI). Both are on the kernel's boot clock with 10 ms resolution, so the
    /// age is right to ±10 ms, like Process.StartTime. (The Stopwatch's CLOCK_MONOTONIC was measured ~9 ms off the boot
    /// clock on a virtual machine, so it is only the fallback.) A launcher can make it exact: see <see cref="LaunchTime"/>.
    /// </summary>
    internal static bool TryGetLinuxProcessAge(out TimeSpan age)
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var uptime = File.ReadAllText("/proc/uptime");
        var space = uptime.IndexOf(' ', StringComparison.Ordinal);
        if (double.TryParse(space < 0 ? uptime : uptime[..space], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var uptimeSeconds)
            && TryParseProcessAge(stat, uptimeSeconds, out age))
        {
            return true;
        }

        var monotonicSeconds = Stopwatch.Frequency == 1_000_000_000 ? Stopwatch.GetTimestamp() / 1e9 : -1;
        age = default;
        return monotonicSeconds > 0 && TryParseProcessAge(stat, monotonicSeconds, out age);
    }

    internal static bool TryParseProcessAge(string stat, double secondsSinceBoot, out TimeSpan age)
    {
        age = default;

        // The command name (field 2) may contain spaces and parentheses: fields are counted after the last ')'.
        var afterName = stat.LastIndexOf(')');
        if (afterName < 0)
        {
            return false;
        }

        var fields = stat[(afterName + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
        if (fields.Length < 20 || !long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var startTicks))
        {
            return false;
        }

        var seconds = secondsSinceBoot - (startTicks / 100.0);
        if (seconds < 0 || seconds > TimeSpan.FromDays(3650).TotalSeconds)
        {
            return false;
        }

        age = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
