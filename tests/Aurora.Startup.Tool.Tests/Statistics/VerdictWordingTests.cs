using Aurora.Startup.Tool.Statistics;

namespace Aurora.Startup.Tool.Tests.Statistics;

/// <summary>What the verdict column says for each kind of outcome (threshold 10 %, alpha 0.05, minimum difference 1 ms).</summary>
public class VerdictWordingTests
{
    private static readonly ComparisonRule s_rule = new(Threshold: 0.10, Alpha: 0.05, MinimumDifferenceMs: 1.0);

    [Theory]
    // ratio, p slower, p faster, CI low, CI high, Δ ms → verdict, words
    [InlineData(1.457, 0.0049, 1.0, 1.422, 1.480, 10.0, "slower", "slower ×1.457, beyond the 10 % threshold")]
    [InlineData(1.096, 0.00005, 1.0, 1.091, 1.099, 4.3, "slower-under-threshold", "slower ×1.096, under the 10 % threshold")]
    [InlineData(0.800, 1.0, 0.001, 0.760, 0.840, 9.0, "faster", "faster ×0.800, beyond the 10 % threshold")]
    [InlineData(0.950, 1.0, 0.002, 0.930, 0.970, 2.5, "faster-under-threshold", "faster ×0.950, under the 10 % threshold")]
    // Identical builds: nothing significant, a tight CI → unchanged; a wide one → inconclusive.
    [InlineData(1.003, 0.41, 0.59, 0.982, 1.021, 0.1, "unchanged", "unchanged")]
    [InlineData(1.020, 0.38, 0.62, 0.850, 1.210, 0.9, "inconclusive", "inconclusive")]
    // Significant but below the minimum difference (sub-millisecond noise) stays unchanged / inconclusive.
    [InlineData(1.050, 0.001, 1.0, 1.030, 1.070, 0.3, "unchanged", "unchanged")]
    [InlineData(1.300, 0.001, 1.0, 1.050, 1.600, 0.4, "inconclusive", "inconclusive")]
    // Large but not significant is not slower.
    [InlineData(1.200, 0.060, 1.0, 1.050, 1.300, 10.0, "inconclusive", "inconclusive")]
    public void Verdicts_say_what_happened(double ratio, double pSlower, double pFaster, double lower, double upper, double differenceMs, string id, string words)
    {
        var verdict = s_rule.Decide(ratio, new DirectionalP(pSlower, pFaster), lower, upper, differenceMs);

        Assert.Equal(id, VerdictText.Id(verdict));
        Assert.Equal(words, VerdictText.Describe(verdict, ratio, s_rule.Threshold));
    }

    [Fact]
    public void A_paired_significant_small_slowdown_is_named_as_such()
    {
        // The case: ×1.096 with a tight CI in every pair, once reported as "unchanged".
        var pairs = Enumerable.Range(0, 20).Select(i => (Base: 50.0 + (i % 5), Head: (50.0 + (i % 5)) * (1.094 + (0.0005 * (i % 7))))).ToList();
        var comparison = s_rule.Compare(new MetricSamples("config", [.. pairs.Select(p => p.Base)], [.. pairs.Select(p => p.Head)], pairs));

        Assert.Equal(Verdict.SlowerUnderThreshold, comparison.Verdict);
        Assert.StartsWith("slower ×1.09", VerdictText.Describe(comparison.Verdict, comparison.Ratio, 0.10), StringComparison.Ordinal);
    }
}
