using CsCheck;

namespace Aurora.Instrumentation.Tests.Budgets;

public sealed class BudgetDurationTests
{
    public static TheoryData<string, long> ValidDurations => new()
    {
        { "0ms", 0 },
        { "0us", 0 },
        { "0.1us", 1 },
        { "250us", 250 * TimeSpan.TicksPerMicrosecond },
        { "1.5us", 15 },
        { "500ms", 500 * TimeSpan.TicksPerMillisecond },
        { "0.5ms", 5_000 },
        { "1.5s", 15_000_000 },
        { "2s", 2 * TimeSpan.TicksPerSecond },
        { "2m", 2 * TimeSpan.TicksPerMinute },
        { "0.25m", 15 * TimeSpan.TicksPerSecond },
        { "60m", TimeSpan.TicksPerHour },
        { "3600s", TimeSpan.TicksPerHour },
        { "007ms", 7 * TimeSpan.TicksPerMillisecond },
        { "1.50000000000000000000s", 15_000_000 },
        { "0.0000001s", 1 },
    };

    public static TheoryData<string?, string> InvalidDurations => new()
    {
        { null, "no duration given" },
        { "", "the duration is empty" },
        { "500", "'500' has no unit" },
        { "500 ms", "contains whitespace" },
        { " 500ms", "contains whitespace" },
        { "-5ms", "is negative" },
        { "+5ms", "has a sign" },
        { "1e3ms", "has an exponent" },
        { "1E-3s", "has an exponent" },
        { "2h", "unknown unit 'h'" },
        { "5MS", "unknown unit 'MS'" },
        { "5sec", "unknown unit 'sec'" },
        { "1.5.s", "unknown unit '.s'" },
        { ".5s", "does not start with a number" },
        { "5.s", "no digit after the decimal point" },
        { "ms", "does not start with a number" },
        { "61m", "longer than the maximum of 1h" },
        { "3600.0000001s", "longer than the maximum of 1h" },
        { "99999999999999999999999s", "longer than the maximum of 1h" },
        { "0.05us", "finer than the 0.1us resolution" },
        { "0.00000001s", "finer than the 0.1us resolution" },
        { "10%", "is a percentage, not a duration" },
        { "５ms", "does not start with a number" },
        { "NaNms", "does not start with a number" },
        { "1,5s", "unknown unit ',5s'" },
    };

    [Theory]
    [MemberData(nameof(ValidDurations))]
    public void Valid_durations_parse_exactly(string text, long expectedTicks)
    {
        Assert.True(BudgetDuration.TryParse(text, out var value, out var error), error);
        Assert.Null(error);
        Assert.Equal(expectedTicks, value.Ticks);
    }

    [Theory]
    [MemberData(nameof(InvalidDurations))]
    public void Invalid_durations_are_rejected_with_a_reason(string? text, string expected)
    {
        Assert.False(BudgetDuration.TryParse(text, out var value, out var error));
        Assert.Equal(TimeSpan.Zero, value);
        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0ms")]
    [InlineData(1, "0.1us")]
    [InlineData(15, "1.5us")]
    [InlineData(2_500, "250us")]
    [InlineData(15_000_000, "1500ms")]
    [InlineData(900_000_000, "90s")]
    [InlineData(1_200_000_000, "2m")]
    [InlineData(36_000_000_000, "60m")]
    public void Format_uses_the_largest_exact_unit(long ticks, string expected)
        => Assert.Equal(expected, BudgetDuration.Format(TimeSpan.FromTicks(ticks)));

    [Fact]
    public void Format_rejects_durations_outside_the_grammar()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetDuration.Format(TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetDuration.Format(BudgetDuration.Max + TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void Parse_of_format_is_the_identity_over_every_representable_duration()
    {
        // Uniform ticks over [0, 1h], plus values on unit boundaries where the formatter switches unit.
        var ticks = Gen.OneOf(
            Gen.Long[0, BudgetDuration.Max.Ticks],
            Gen.Long[0, 3_600_000].Select(ms => ms * TimeSpan.TicksPerMillisecond),
            Gen.Long[0, 60].Select(m => m * TimeSpan.TicksPerMinute),
            Gen.Long[0, 1000]);
        ticks.Sample(t =>
        {
            var text = BudgetDuration.Format(TimeSpan.FromTicks(t));
            return BudgetDuration.TryParse(text, out var back, out var error) && error is null && back.Ticks == t;
        }, iter: 20_000);
    }

    [Fact]
    public void Garbage_never_throws_and_always_explains_itself()
    {
        var alphabet = Gen.OneOf(Gen.Char["0123456789.usmh%eE+- ,"], Gen.Char);
        alphabet.Array[0, 48].Select(chars => new string(chars)).Sample(text =>
        {
            var ok = BudgetDuration.TryParse(text, out var value, out var error);
            var okTolerance = BudgetDuration.TryParseTolerance(text, TimeSpan.FromSeconds(1), out var tolerance, out var toleranceError);
            return (ok ? error is null && value >= TimeSpan.Zero && value <= BudgetDuration.Max : error is { Length: > 0 } && value == TimeSpan.Zero)
                && (okTolerance ? toleranceError is null && tolerance >= TimeSpan.Zero : toleranceError is { Length: > 0 });
        }, iter: 20_000);
    }

    [Fact]
    public void Valid_texts_from_the_grammar_always_parse_to_what_they_say()
    {
        var units = new (string Unit, long Ticks)[] { ("us", 10), ("ms", 10_000), ("s", 10_000_000), ("m", 600_000_000) };
        Gen.Select(Gen.Long[0, 3600], Gen.Int[0, units.Length - 1]).Sample((whole, unit) =>
        {
            var (name, ticksPerUnit) = units[unit];
            var text = whole.ToString(System.Globalization.CultureInfo.InvariantCulture) + name;
            var expected = whole * ticksPerUnit;
            var ok = BudgetDuration.TryParse(text, out var value, out _);
            return expected > BudgetDuration.Max.Ticks ? !ok : ok && value.Ticks == expected;
        }, iter: 5_000);
    }

    [Theory]
    [InlineData("10%", 500, 50)]
    [InlineData("0%", 500, 0)]
    [InlineData("12.5%", 100, 12.5)]
    [InlineData("1000%", 100, 1000)]
    [InlineData("50ms", 500, 50)]
    [InlineData("0ms", 500, 0)]
    public void Tolerance_is_a_percentage_of_the_budget_or_a_duration(string text, double budgetMs, double expectedMs)
    {
        Assert.True(BudgetDuration.TryParseTolerance(text, TimeSpan.FromMilliseconds(budgetMs), out var tolerance, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), tolerance);
    }

    [Fact]
    public void Percentage_tolerance_rounds_down_to_a_whole_tick()
    {
        Assert.True(BudgetDuration.TryParseTolerance("33%", TimeSpan.FromTicks(10), out var tolerance, out _));
        Assert.Equal(3, tolerance.Ticks);
    }

    [Theory]
    [InlineData("1001%", "more than the maximum tolerance of 1000%")]
    [InlineData("-10%", "is negative")]
    [InlineData("%", "does not start with a number")]
    [InlineData("10 %", "contains whitespace")]
    [InlineData("ten%", "does not start with a number")]
    [InlineData("10ms%", "is not a percentage")]
    [InlineData("10", "has no unit")]
    public void Invalid_tolerances_are_rejected_with_a_reason(string text, string expected)
    {
        Assert.False(BudgetDuration.TryParseTolerance(text, TimeSpan.FromSeconds(1), out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
