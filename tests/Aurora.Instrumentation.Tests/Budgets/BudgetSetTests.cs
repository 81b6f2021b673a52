namespace Aurora.Instrumentation.Tests.Budgets;

public sealed class BudgetSetTests
{
    private static Budget Ms(double ms, BudgetLevel level = BudgetLevel.Warn) => new(TimeSpan.FromMilliseconds(ms), level);

    [Fact]
    public void Star_applies_to_every_command()
    {
        var set = new BudgetSet().Add("*", "config", Ms(500));
        Assert.Equal(TimeSpan.FromMilliseconds(500), set.Find("soar", "config")!.Limit);
        Assert.Equal(TimeSpan.FromMilliseconds(500), set.Find("goals", "config")!.Limit);
        Assert.Null(set.Find("soar", "store_init"));
    }

    [Fact]
    public void A_command_entry_overrides_star_for_its_phase_only()
    {
        var set = new BudgetSet()
            .Add("*", "config", Ms(500))
            .Add("*", "store_init", Ms(100))
            .Add("soar", "config", Ms(300, BudgetLevel.Error));
        Assert.Equal(TimeSpan.FromMilliseconds(300), set.Find("soar", "config")!.Limit);
        Assert.Equal(BudgetLevel.Error, set.Find("soar", "config")!.Level);
        Assert.Equal(TimeSpan.FromMilliseconds(100), set.Find("soar", "store_init")!.Limit);
        Assert.Equal(TimeSpan.FromMilliseconds(500), set.Find("goals", "config")!.Limit);
    }

    [Fact]
    public void Total_is_an_ordinary_key_for_the_root_span()
    {
        var set = new BudgetSet().Add("soar", BudgetSet.Total, Ms(3000)).Add("*", BudgetSet.Total, Ms(7000));
        Assert.Equal(TimeSpan.FromSeconds(3), set.Find("soar", "total")!.Limit);
        Assert.Equal(TimeSpan.FromSeconds(7), set.Find("init", "total")!.Limit);
    }

    [Fact]
    public void A_command_entry_at_level_off_switches_the_star_budget_off()
    {
        var set = new BudgetSet().Add("*", "config", Ms(500)).Add("init", "config", Ms(500, BudgetLevel.Off));
        Assert.Null(set.Find("init", "config"));
        Assert.NotNull(set.Find("soar", "config"));
    }

    [Fact]
    public void Commands_match_exactly()
    {
        var set = new BudgetSet().Add("soar", "config", Ms(500));
        Assert.Null(set.Find("Soar", "config"));
        Assert.Null(set.Find("soar ", "config"));
    }

    [Fact]
    public void Entries_keep_their_order_and_duplicates_keep_the_first()
    {
        var set = new BudgetSet().Add("*", "config", Ms(500));
        Assert.False(set.TryAdd("*", "config", Ms(1), out var error));
        Assert.Contains("duplicate budget for command '*', phase 'config'", error, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMilliseconds(500), set.Find("x", "config")!.Limit);
        set.Add("soar", "total", Ms(3000));
        Assert.Equal(["*/config: 500ms (warn)", "soar/total: 3s (warn)"], set.Entries.Select(e => e.ToString()));
        Assert.Equal(2, set.Count);
    }

    [Theory]
    [InlineData("", "config", "is not a command name")]
    [InlineData("so ar", "config", "is not a command name")]
    [InlineData("soar", "Config", "is not a phase id")]
    [InlineData("soar", "store-init", "is not a phase id")]
    [InlineData("soar", "", "is not a phase id")]
    public void Invalid_ids_are_refused(string command, string phase, string expected)
    {
        var set = new BudgetSet();
        Assert.False(set.TryAdd(command, phase, Ms(1), out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => set.Add(command, phase, Ms(1)));
        Assert.Equal(0, set.Count);
    }
}
