using Aurora.Instrumentation.Testing.Running;

namespace Aurora.Instrumentation.Testing.Tests.Running;

public class TextParsingTests
{
    [Fact]
    public void Command_lines_split_like_a_shell_without_one()
    {
        Assert.Equal(["dotnet", "aur.dll", "soar", "what is x?"], CommandLineText.Split("dotnet aur.dll soar 'what is x?'"));
        Assert.Equal(["a b", "c\"d", "e\\f"], CommandLineText.Split("\"a b\" \"c\\\"d\" e\\\\f"));
        Assert.Equal(["x", ""], CommandLineText.Split("  x  ''  "));
        Assert.Throws<FormatException>(() => CommandLineText.Split("oops 'unterminated"));
    }

    [Fact]
    public void Quote_round_trips_through_split()
    {
        string[] words = ["dotnet", "a b", "it's", "", "q\"x"];
        var line = string.Join(' ', words.Select(CommandLineText.Quote));

        Assert.Equal(words, CommandLineText.Split(line));
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1500)]
    [InlineData("250us", 0.25)]
    [InlineData("2m", 120_000)]
    public void Durations_parse(string text, double ms)
    {
        Assert.True(DurationText.TryParse(text, out var value));
        Assert.Equal(ms, value.TotalMilliseconds, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("-1s")]
    [InlineData("fast")]
    public void Bad_durations_are_rejected(string text) => Assert.False(DurationText.TryParse(text, out _));

    [Fact]
    public void High_water_mark_is_read_from_proc_status()
    {
        const string status = "Name:\tdotnet\nVmPeak:\t  300000 kB\nVmHWM:\t   51234 kB\nVmRSS:\t   40000 kB\n";

        Assert.Equal(51234L * 1024, PeakMemorySampler.ParseHighWaterMark(status));
        Assert.Null(PeakMemorySampler.ParseHighWaterMark("Name:\tzombie\nState:\tZ (zombie)\n"));
    }
}
