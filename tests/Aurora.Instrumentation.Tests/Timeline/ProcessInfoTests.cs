using System.Diagnostics;
using System.Text;
using Aurora.Instrumentation.Internal;
using Aurora.Instrumentation.Tests.Support;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation.Tests.Timeline;

public sealed class ProcessInfoTests
{
    [Fact]
    public void The_executable_name_from_proc_self_exe_is_the_process_paths_file_name()
    {
        var expected = Path.GetFileName(Environment.ProcessPath);
        Assert.Equal(expected, ProcessInfo.ExecutableName());
        if (OperatingSystem.IsLinux() && Environment.Is64BitProcess)
        {
            Assert.Equal(expected, ProcessInfo.LinuxExecutableName());
        }
    }

    [Fact]
    public void Process_age_is_read_after_the_last_parenthesis_of_the_command_name()
    {
        // A command name with spaces and ')' must not shift the fields; starttime (field 22) is 12345 ticks = 123.45 s.
        var stat = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 12345 1000 10 rest";
        Assert.True(ProcessInfo.TryParseProcessAge(Encoding.ASCII.GetBytes(stat), 130.45, out var age));
        Assert.Equal(7.0, age.TotalSeconds, precision: 6);
    }

    [Theory]
    [InlineData("no parenthesis at all", 10.0)]
    [InlineData("1 (x) S 1 2", 10.0)]
    [InlineData("1 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 notanumber", 10.0)]
    [InlineData("1 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 5000", 10.0)]
    public void Implausible_or_malformed_stat_lines_are_rejected(string stat, double secondsSinceBoot)
        => Assert.False(ProcessInfo.TryParseProcessAge(Encoding.ASCII.GetBytes(stat), secondsSinceBoot, out _));

    [Theory]
    [InlineData("130.45 512.10\n", 130.45)]
    [InlineData("7\n", 7.0)]
    [InlineData("0.5 1.0", 0.5)]
    public void Uptime_is_parsed_without_culture_data(string text, double expected)
    {
        Assert.True(ProcessInfo.TryParseSeconds(Encoding.ASCII.GetBytes(text), out var seconds));
        Assert.Equal(expected, seconds, precision: 9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc 1.0")]
    [InlineData("12.3x 1.0")]
    [InlineData("-4.0 1.0")]
    public void Malformed_uptime_is_rejected(string text)
        => Assert.False(ProcessInfo.TryParseSeconds(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void A_stat_line_ending_in_a_newline_at_field_22_still_parses()
    {
        var stat = "1 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 500\n";
        Assert.True(ProcessInfo.TryParseProcessAge(Encoding.ASCII.GetBytes(stat), 10.0, out var age));
        Assert.Equal(5.0, age.TotalSeconds, precision: 6);
    }

    [Fact]
    public void Libc_reads_a_proc_file_like_the_file_apis_do()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(-1, ProcFile.Read("/proc/self/cmdline\0"u8, new byte[16]));
            return;
        }

        Span<byte> buffer = stackalloc byte[256];
        var read = ProcFile.Read("/proc/self/cmdline\0"u8, buffer);

        Assert.True(read > 0);
        var expected = File.ReadAllBytes("/proc/self/cmdline");
        Assert.Equal(expected.AsSpan(0, Math.Min(expected.Length, buffer.Length)).ToArray(), buffer[..read].ToArray());
    }

    [Fact]
    public void Libc_read_failures_are_minus_one_for_the_fallback()
    {
        Span<byte> buffer = stackalloc byte[16];
        Assert.Equal(-1, ProcFile.Read("/proc/self/no-such-file\0"u8, buffer));
        Assert.Equal(-1, ProcFile.Read("/proc/self/stat"u8, buffer)); // not NUL-terminated: never handed to libc
        Assert.Equal(-1, ProcFile.Read([], buffer));
    }

    [Fact]
    public void The_start_time_agrees_with_System_Diagnostics_Process()
    {
        var now = DateTimeOffset.UtcNow;
        var ours = ProcessInfo.TryGetStartTime(now);
        using var process = Process.GetCurrentProcess();
        var theirs = new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);

        Assert.NotNull(ours);

        // Both come from the kernel's 10 ms start tick; they differ only by how "now since boot" is read.
        Assert.InRange((ours.Value - theirs).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
    }

    [Theory]
    [InlineData(3_000, true)]      // 3 ms after the kernel's tick: the tick was rounded down, the launcher knows better
    [InlineData(-4_000, true)]     // fork + exec after the launcher read its clock
    [InlineData(-60_000, false)]   // too early: inherited from an ancestor that launched something else
    [InlineData(35_000, false)]    // after the tick's window (10 ms rounding + clock drift)
    public void A_launch_time_is_used_only_when_it_agrees_with_the_kernel(long microsecondsFromTick, bool used)
    {
        var tick = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var now = tick.AddSeconds(1);
        var launched = tick.AddTicks(microsecondsFromTick * 10);
        var value = ((launched.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10).ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(used ? launched : tick, LaunchTime.Refine(tick, now, value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("99999999999999999999999")]
    public void A_missing_or_malformed_launch_time_keeps_the_kernel_record(string? value)
    {
        var tick = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(tick, LaunchTime.Refine(tick, tick.AddSeconds(1), value));
    }

    [Fact]
    public void A_timeline_ignores_a_launch_time_that_disagrees_with_the_kernel()
    {
        // The launch time below is years away from this test host's real start as the kernel records it.
        var clock = TestTimelines.NewClock();
        var launched = TestTimelines.Epoch.AddMilliseconds(5);
        var environment = new Dictionary<string, string?> { ["AURORA_LAUNCH_UNIX_US"] = ((launched.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var options = TestTimelines.Options(clock, environment: environment);
        options.ProcessStartTime = null;

        using var timeline = StartupTimeline.Start("soar", options);

        Assert.NotEqual(launched, timeline.ProcessStartTime);
    }
}
