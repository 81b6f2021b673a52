using System.Diagnostics;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation.Tests.Timeline;

public sealed class ProcessInfoTests
{
    [Fact]
    public void Process_age_is_read_after_the_last_parenthesis_of_the_command_name()
    {
        // A command name with spaces and ')' must not shift the fields; starttime (field 22) is 12345 ticks = 123.45 s.
        var stat = "4242 (my (odd) cmd) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 12345 1000 10 rest";
        Assert.True(ProcessInfo.TryParseProcessAge(stat, 130.45, out var age));
        Assert.Equal(7.0, age.TotalSeconds, precision: 6);
    }

    [Theory]
    [InlineData("no parenthesis at all", 10.0)]
    [InlineData("1 (x) S 1 2", 10.0)]
    [InlineData("1 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 notanumber", 10.0)]
    [InlineData("1 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 5000", 10.0)]
    public void Implausible_or_malformed_stat_lines_are_rejected(string stat, double secondsSinceBoot)
        => Assert.False(ProcessInfo.TryParseProcessAge(stat, secondsSinceBoot, out _));

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
}
