using System.Diagnostics;
using System.Runtime.CompilerServices;
using Aurora.Instrumentation.Internal;

namespace Aurora.Instrumentation.Timeline;

/// <summary>Facts about this process that the root span carries.</summary>
internal static class ProcessInfo
{
    private static string? s_executableName;

    /// <summary>Ten years: a process age beyond it is a misread.</summary>
    private const double MaxAgeSeconds = 3650 * 86_400.0;

    /// <summary>
    /// <c>jit</c> or <c>aot</c>. Neither <see cref="RuntimeFeature.IsDynamicCodeSupported"/> nor
    /// <see cref="RuntimeFeature.IsDynamicCodeCompiled"/> can tell: a project with PublishAot=true switches both off in
    /// its runtimeconfig even when it runs under the JIT. The JIT's own counter can: under Native AOT it is always 0,
    /// and under the JIT it is never 0 by the time any app code runs (<c>Main</c> itself, or at least the runtime's
    /// stubs, were compiled).
    /// </summary>
    public static string RuntimeMode { get; } = IsJit ? "jit" : "aot";

    /// <summary>Whether this process runs under the JIT (see <see cref="RuntimeMode"/>).</summary>
    public static bool IsJit => RuntimeFeature.IsDynamicCodeCompiled || System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false) > 0;

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

            return StartTimeFromProcessApi();
        }
        catch (Exception ex)
        {
            Diagnostics.AuroraInstrumentationEventSource.Log.SwallowedException(nameof(TryGetStartTime), ex);
            return null;
        }
    }

    /// <summary>
    /// Separate and never inlined: compiling a method that mentions <see cref="Process"/> loads
    /// System.Diagnostics.Process and System.ComponentModel.Primitives (~2 ms under the JIT), even when the Linux path
    /// above answers and this line never runs.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DateTimeOffset StartTimeFromProcessApi()
    {
        using var process = Process.GetCurrentProcess();
        return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
    }

    public static string ExecutableName()
    {
        if (Volatile.Read(ref s_executableName) is { } known)
        {
            return known;
        }

        var name = LinuxExecutableName() ?? ProcessPathName();
        Volatile.Write(ref s_executableName, name);
        return name;
    }

    /// <summary>
    /// The file name of <c>/proc/self/exe</c>'s target, which is what <see cref="Environment.ProcessPath"/> reads on
    /// Linux, without its first-use cost (~3 ms even precompiled, measured in a bare ReadyToRun app): one
    /// <c>readlink</c> and, for an ASCII name, no decoder. <c>null</c> when that cannot be done.
    /// </summary>
    internal static string? LinuxExecutableName()
    {
        Span<byte> target = stackalloc byte[4096];
        var length = ProcFile.ReadLink("/proc/self/exe\0"u8, target);
        if (length <= 0)
        {
            return null;
        }

        var start = length;
        while (start > 0 && target[start - 1] != (byte)'/')
        {
            start--;
        }

        var name = target[start..length];
        if (name.IsEmpty)
        {
            return null;
        }

        Span<char> chars = stackalloc char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] >= 0x80)
            {
                return System.Text.Encoding.UTF8.GetString(name);
            }

            chars[i] = (char)name[i];
        }

        return new string(chars);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string ProcessPathName()
    {
        var path = Environment.ProcessPath;
        return string.IsNullOrEmpty(path) ? "unknown" : Path.GetFileName(path);
    }

    /// <summary>
    /// Process age = time since boot (/proc/uptime) − the process's start in clock ticks since boot (/proc/self/stat
    /// field 22, in USER_HZ = 100 on every Linux ABI). Both are on the kernel's boot clock with 10 ms resolution, so the
    /// age is right to ±10 ms, like Process.StartTime. (The Stopwatch's CLOCK_MONOTONIC was measured ~9 ms off the boot
    /// clock on a virtual machine, so it is only the fallback.) A launcher can make it exact: see <see cref="LaunchTime"/>.
    /// Both files are read with one <c>pread</c> each into a stack buffer (<see cref="ProcFile"/>) and parsed as ASCII
    /// bytes: File.ReadAllText and double.Parse (encoding detection, StreamReader, culture data) cost ~4 ms of first-use
    /// time at the top of <c>Main</c>.
    /// </summary>
    internal static bool TryGetLinuxProcessAge(out TimeSpan age)
    {
        Span<byte> stat = stackalloc byte[1024];
        Span<byte> uptime = stackalloc byte[64];
        stat = stat[..ReadProcFile("/proc/self/stat\0"u8, stat)];
        uptime = uptime[..ReadProcFile("/proc/uptime\0"u8, uptime)];
        if (TryParseSeconds(uptime, out var uptimeSeconds) && TryParseProcessAge(stat, uptimeSeconds, out age))
        {
            return true;
        }

        var monotonicSeconds = Stopwatch.Frequency == 1_000_000_000 ? Stopwatch.GetTimestamp() / 1e9 : -1;
        age = default;
        return monotonicSeconds > 0 && TryParseProcessAge(stat, monotonicSeconds, out age);
    }

    internal static bool TryParseProcessAge(ReadOnlySpan<byte> stat, double secondsSinceBoot, out TimeSpan age)
    {
        age = default;

        // The command name (field 2) may contain spaces and parentheses: fields are counted after the last ')'.
        var afterName = LastIndexOf(stat, (byte)')');
        if (afterName < 0)
        {
            return false;
        }

        // After the name come " <field 3> <field 4> …": field 22 (starttime) is the 20th space-separated field.
        var rest = stat[(afterName + 1)..];
        var field = 0;
        long startTicks = -1;
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] is (byte)' ' or (byte)'\n')
            {
                continue;
            }

            var end = i;
            while (end < rest.Length && rest[end] is not ((byte)' ' or (byte)'\n'))
            {
                end++;
            }

            if (++field == 20)
            {
                if (!TryParseDigits(rest[i..end], out startTicks))
                {
                    return false;
                }

                break;
            }

            i = end;
        }

        if (startTicks < 0)
        {
            return false;
        }

        var seconds = secondsSinceBoot - (startTicks / 100.0);
        if (seconds < 0 || seconds > MaxAgeSeconds)
        {
            return false;
        }

        age = new TimeSpan((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    /// <summary>"12345.67 …" (the first field of /proc/uptime) as seconds.</summary>
    internal static bool TryParseSeconds(ReadOnlySpan<byte> text, out double seconds)
    {
        seconds = 0;
        var end = 0;
        while (end < text.Length && text[end] is not ((byte)' ' or (byte)'\n'))
        {
            end++;
        }

        var number = text[..end];
        var dot = LastIndexOf(number, (byte)'.');
        if (!TryParseDigits(dot < 0 ? number : number[..dot], out var whole))
        {
            return false;
        }

        var fraction = 0.0;
        if (dot >= 0)
        {
            var scale = 0.1;
            foreach (var digit in number[(dot + 1)..])
            {
                if (digit is < (byte)'0' or > (byte)'9')
                {
                    return false;
                }

                fraction += (digit - '0') * scale;
                scale /= 10;
            }
        }

        seconds = whole + fraction;
        return true;
    }

    /// <summary>
    /// A plain loop rather than MemoryExtensions: at the top of <c>Main</c> the vectorised span helpers cost a facade
    /// assembly load and generic instantiations, ~2 ms under the JIT, for a 300-byte line.
    /// </summary>
    private static int LastIndexOf(ReadOnlySpan<byte> text, byte value)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            if (text[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryParseDigits(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 18)
        {
            return false;
        }

        foreach (var digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (digit - '0');
        }

        return true;
    }

    private static int ReadProcFile(ReadOnlySpan<byte> nulTerminatedPath, Span<byte> buffer)
    {
        var read = ProcFile.Read(nulTerminatedPath, buffer);
        return read >= 0 ? read : ReadWithFileApis(System.Text.Encoding.ASCII.GetString(nulTerminatedPath[..^1]), buffer);
    }

    private static int ReadWithFileApis(string path, Span<byte> buffer)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return RandomAccess.Read(handle, buffer, fileOffset: 0);
    }
}
