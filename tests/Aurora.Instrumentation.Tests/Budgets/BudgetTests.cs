namespace Aurora.Instrumentation.Tests.Budgets;

public sealed class BudgetTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(500);

    [Fact]
    public void Exactly_at_the_budget_is_within_it_and_one_tick_over_is_an_overrun()
    {
        var budget = new Budget(Limit);
        Assert.False(budget.IsExceededBy(Limit));
        Assert.True(budget.IsExceededBy(Limit + TimeSpan.FromTicks(1)));
        Assert.False(budget.IsExceededBy(TimeSpan.Zero));
    }

    [Fact]
    public void Tolerance_moves_the_threshold_exactly()
    {
        var budget = new Budget(Limit, BudgetLevel.Error, TimeSpan.FromMilliseconds(50));
        Assert.Equal(TimeSpan.FromMilliseconds(550), budget.Threshold);
        Assert.False(budget.IsExceededBy(TimeSpan.FromMilliseconds(520)));
        Assert.False(budget.IsExceededBy(TimeSpan.FromMilliseconds(550)));
        Assert.True(budget.IsExceededBy(TimeSpan.FromMilliseconds(550) + TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void Defaults_are_warn_and_no_tolerance()
    {
        var budget = new Budget(Limit);
        Assert.Equal(BudgetLevel.Warn, budget.Level);
        Assert.Equal(TimeSpan.Zero, budget.Tolerance);
        Assert.Equal("500ms (warn)", budget.ToString());
        Assert.Equal("500ms (error, tolerance 50ms)", new Budget(Limit, BudgetLevel.Error, TimeSpan.FromMilliseconds(50)).ToString());
    }

    [Fact]
    public void Out_of_range_values_are_programming_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Budget(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Budget(TimeSpan.FromMilliseconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Budget(TimeSpan.FromHours(2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Budget(Limit, BudgetLevel.Warn, TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Budget(Limit, (BudgetLevel)7));
    }

    [Theory]
    [InlineData("off", BudgetLevel.Off)]
    [InlineData("warn", BudgetLevel.Warn)]
    [InlineData("error", BudgetLevel.Error)]
    public void Levels_parse_from_their_file_names(string text, BudgetLevel expected)
    {
        Assert.True(Budget.TryParseLevel(text, out var level, out var error));
        Assert.Null(error);
        Assert.Equal(expected, level);
    }

    [Theory]
    [InlineData("Error")]
    [InlineData("fatal")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_levels_are_rejected_and_default_to_warn(string? text)
    {
        Assert.False(Budget.TryParseLevel(text, out var level, out var error));
        Assert.Equal(BudgetLevel.Warn, level);
        Assert.Contains("expected off, warn or error", error, StringComparison.Ordinal);
    }
}
