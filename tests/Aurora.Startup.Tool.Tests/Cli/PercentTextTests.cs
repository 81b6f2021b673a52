using Aurora.Startup.Tool.Cli;

namespace Aurora.Startup.Tool.Tests.Cli;

public class PercentTextTests
{
    [Fact]
    public void Percentages_parse()
    {
        Assert.True(PercentText.TryParse("10%", out var ten));
        Assert.Equal(0.10, ten, 10);
        Assert.True(PercentText.TryParse("2.5", out var small));
        Assert.Equal(0.025, small, 10);
        Assert.False(PercentText.TryParse("ten", out _));
    }
}
