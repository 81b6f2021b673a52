using Aurora.Instrumentation.Testing.Statistics;
using Aurora.Startup.Tool.Statistics;

namespace Aurora.Startup.Tool.Tests.Statistics;

public class ComparisonRuleTests
{
    private static double[] Normal(int seed, int count, double mean, double sd)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            // Box–Muller.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            return mean + (sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }).ToArray();
    }

    [Fact]
    public void Identical_distributions_are_never_slower()
    {
        var rule = new ComparisonRule();
        var verdicts = Enumerable.Range(0, 100)
            .Select(seed => rule.Compare("config", Normal(seed, 20, 100, 5), Normal(seed + 1000, 20, 100, 5)).Verdict)
            .ToList();

        Assert.DoesNotContain(Verdict.Slower, verdicts);
        Assert.DoesNotContain(Verdict.Faster, verdicts);

        // With 5 % noise and n = 20 the CI is tight enough to call most of them unchanged.
        Assert.True(verdicts.Count(v => v == Verdict.Unchanged) > 80, string.Join(",", verdicts));
    }

    [Fact]
    public void Clear_thirty_percent_shift_is_slower()
    {
        var comparison = new ComparisonRule().Compare("config", Normal(1, 20, 100, 8), Normal(2, 20, 130, 10));

        Assert.Equal(Verdict.Slower, comparison.Verdict);
        Assert.InRange(comparison.Ratio, 1.2, 1.4);
        Assert.True(comparison.RatioLower > 1.1 && comparison.RatioUpper > comparison.Ratio);
        Assert.True(comparison.P < 0.001);
    }

    [Fact]
    public void Clear_speedup_is_faster()
        => Assert.Equal(Verdict.Faster, new ComparisonRule().Compare("total", Normal(3, 20, 130, 8), Normal(4, 20, 100, 8)).Verdict);

    [Fact]
    public void Significant_but_small_change_is_not_slower()
        => Assert.Equal(Verdict.SlowerUnderThreshold, new ComparisonRule().Compare("total", Normal(5, 20, 100, 1), Normal(6, 20, 104, 1)).Verdict);

    [Fact]
    public void Large_but_noisy_change_is_inconclusive()
    {
        // Two runs a side cannot show anything: p ≥ 0.05 whatever the data.
        var comparison = new ComparisonRule().Compare("total", [100, 200], [150, 300]);

        Assert.Equal(Verdict.Inconclusive, comparison.Verdict);
    }

    [Theory]
    [InlineData(1.20, 0.01, 1.05, 1.30, 10, "Slower")]
    [InlineData(1.20, 0.06, 1.05, 1.30, 10, "Inconclusive")]
    [InlineData(1.09, 0.001, 1.05, 1.095, 10, "SlowerUnderThreshold")]
    [InlineData(1.09, 0.001, 1.05, 1.095, 0.1, "Unchanged")]
    [InlineData(1.20, 0.01, 1.05, 1.30, 0.1, "Inconclusive")]
    [InlineData(0.80, 0.01, 0.70, 0.95, 10, "Faster")]
    [InlineData(1.00, 0.90, 0.95, 1.05, 10, "Unchanged")]
    public void Decision_rule_is_as_documented(double ratio, double p, double lower, double upper, double differenceMs, string expected)
        => Assert.Equal(Enum.Parse<Verdict>(expected), new ComparisonRule(0.10, 0.05, MinimumDifferenceMs: 0.5).Decide(ratio, DirectionalP.TwoSided(p), lower, upper, differenceMs));

    [Fact]
    public void Bootstrap_is_reproducible_and_brackets_the_ratio()
    {
        var baseline = Normal(7, 20, 100, 5);
        var head = Normal(8, 20, 120, 5);

        var first = BootstrapRatio.ConfidenceInterval(baseline, head);
        var second = BootstrapRatio.ConfidenceInterval(baseline, head);
        var ratio = SampleSummary.MedianOf(head) / SampleSummary.MedianOf(baseline);

        Assert.Equal(first, second);
        Assert.InRange(ratio, first.Lower, first.Upper);
        Assert.True(first.Upper - first.Lower < 0.15);
    }

    [Fact]
    public void Ratio_handles_zero_medians()
    {
        Assert.Equal(1.0, BootstrapRatio.Ratio(0, 0));
        Assert.Equal(double.PositiveInfinity, BootstrapRatio.Ratio(1, 0));
    }

    [Fact]
    public void Holm_adjustment_matches_hand_computation()
        // Sorted 0.01, 0.03, 0.04, 0.20 with m = 4: 4·0.01 = 0.04; max(0.04, 3·0.03) = 0.09; max(0.09, 2·0.04) = 0.09; 0.20.
        => Assert.Equal([0.04, 0.09, 0.09, 0.20], HolmCorrection.Adjust([0.01, 0.04, 0.03, 0.20]).Select(p => Math.Round(p, 10)));

    [Fact]
    public void Family_of_metrics_keeps_a_clear_slowdown_and_drops_a_marginal_one()
    {
        var rule = new ComparisonRule();
        (string, IReadOnlyList<double>, IReadOnlyList<double>)[] family =
        [
            ("config", Normal(11, 20, 100, 8), Normal(12, 20, 130, 10)),
            .. Enumerable.Range(0, 7).Select(i => ($"noise{i}", (IReadOnlyList<double>)Normal(100 + i, 20, 100, 30), (IReadOnlyList<double>)Normal(200 + i, 20, 100, 30))),
        ];

        var comparisons = rule.CompareAll(family);

        Assert.Equal(Verdict.Slower, comparisons[0].Verdict);
        Assert.All(comparisons, c => Assert.True(c.AdjustedP.Slower >= c.RawP.Slower && c.AdjustedP.Faster >= c.RawP.Faster));
        Assert.Equal(["config"], comparisons.Where(c => c.Verdict == Verdict.Slower).Select(c => c.Metric));
    }

    [Fact]
    public void Identical_families_rarely_fail_the_guard()
    {
        // 100 families of 8 metrics from one distribution (30 % noise): the guard must fail at most α = 5 % of them
        // (per-metric p without the correction fails far more of them).
        var rule = new ComparisonRule();
        var failed = Enumerable.Range(0, 100).Count(trial => rule.CompareAll(
            Enumerable.Range(0, 8).Select(m => ($"m{m}", (IReadOnlyList<double>)Normal((trial * 100) + m, 20, 50, 15), (IReadOnlyList<double>)Normal((trial * 100) + m + 50, 20, 50, 15))))
            .Any(c => c.Verdict == Verdict.Slower));

        Assert.True(failed <= 5, $"{failed} of 100 identical families failed");
    }
}
