using Aurora.Startup.Tool.Statistics;
using CsCheck;

namespace Aurora.Startup.Tool.Tests.Statistics;

/// <summary>The paired rule on synthetic interleaved runs: base and head of a pair share the machine's drifting load.</summary>
public class PairedComparisonTests
{
    /// <summary>
    /// n pairs around <paramref name="median"/> ms: baseᵢ = m·e^(sᵢ + εᵢ), headᵢ = m·factor·e^(sᵢ + εᵢ'), with the
    /// shared load sᵢ ~ N(0, drift²) and each run's own noise ε ~ N(0, noise²) — log-normal, as run times are.
    /// </summary>
    private static (double Base, double Head)[] Pairs(int seed, int n, double factor, double drift, double noise, double median = 6)
    {
        var random = new Random(seed);
        double Gaussian()
        {
            // Box–Muller.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        return Enumerable.Range(0, n).Select(_ =>
        {
            var shared = drift * Gaussian();
            return (median * Math.Exp(shared + (noise * Gaussian())), median * factor * Math.Exp(shared + (noise * Gaussian())));
        }).ToArray();
    }

    private static MetricSamples Samples(string metric, (double Base, double Head)[] pairs, bool paired = true)
        => new(metric, pairs.Select(p => p.Base).ToArray(), pairs.Select(p => p.Head).ToArray(), paired ? pairs : null);

    /// <summary>
    /// config (10 ms, so that 20 % is clear of a 1 ms <c>--min-difference</c>) changed by <paramref name="factor"/>, among
    /// seven unchanged metrics, as <c>compare</c> sees the sample.
    /// </summary>
    private static IReadOnlyList<MetricComparison> Family(ComparisonRule rule, int seed, double factor, bool paired)
        => rule.CompareAll(
        [
            Samples("config", Pairs(seed, 20, factor, drift: 0.5, noise: 0.05, median: 10), paired),
            .. Enumerable.Range(1, 7).Select(m => Samples($"m{m}", Pairs((seed * 10) + m, 20, 1.0, drift: 0.5, noise: 0.05, median: 50), paired)),
        ]);

    [Fact]
    public void Ratio_is_exp_of_the_Hodges_Lehmann_estimate_of_the_log_ratios()
    {
        // ln(head/base) = 0.1 … 0.6: symmetric, so the median of the Walsh averages is the centre, 0.35.
        var pairs = Enumerable.Range(1, 6).Select(i => (10.0, 10 * Math.Exp(i / 10.0))).ToArray();

        var comparison = new ComparisonRule().Compare(Samples("config", pairs));

        Assert.Equal(ComparisonTest.WilcoxonSignedRank, comparison.Test);
        Assert.Equal(6, comparison.PairCount);
        Assert.Equal(Math.Exp(0.35), comparison.Ratio, 10);

        // Every pair slower: p = 2⁻⁶ one-sided for slower, 1 for faster.
        Assert.Equal(1.0 / 64, comparison.RawP.Slower, 12);
        Assert.Equal(1.0, comparison.RawP.Faster, 12);

        // The change in ms that --min-difference sees: the ratio applied to base's median, 10·(e^0.35 − 1).
        Assert.Equal(10 * (Math.Exp(0.35) - 1), comparison.DifferenceMs, 10);
        Assert.InRange(comparison.Ratio, comparison.RatioLower, comparison.RatioUpper);
    }

    [Fact]
    public void Identical_builds_are_never_slower()
    {
        var rule = new ComparisonRule(MinimumDifferenceMs: 1.0);
        var verdicts = Enumerable.Range(0, 100)
            .Select(seed => rule.Compare(Samples("config", Pairs(seed, 20, 1.0, drift: 0.3, noise: 0.05))).Verdict)
            .ToList();

        Assert.DoesNotContain(Verdict.Slower, verdicts);
        Assert.DoesNotContain(Verdict.Faster, verdicts);
        Assert.True(verdicts.Count(v => v == Verdict.Unchanged) > 90, string.Join(",", verdicts));
    }

    [Fact]
    public void Identical_families_rarely_fail_the_guard()
    {
        // Noisy enough (15 % per run on top of 30 % shared) that a ratio beyond 1.1 happens by chance: the Holm-adjusted
        // one-sided p must still keep the families that fail at α = 5 % (1000 such families: 34 failed). Up to 7 of 50
        // allows for chance (binomial 99th percentile); without Holm about 1 − 0.95⁸ ≈ 34 % would fail.
        var rule = new ComparisonRule();
        var failed = Enumerable.Range(0, 50).Count(trial => rule.CompareAll(
            Enumerable.Range(0, 8).Select(m => Samples($"m{m}", Pairs((trial * 100) + m, 20, 1.0, drift: 0.3, noise: 0.15))))
            .Any(c => c.Verdict == Verdict.Slower));

        Assert.True(failed <= 7, $"{failed} of 50 identical families failed");
    }

    [Fact]
    public void Twenty_percent_slowdown_hidden_by_shared_load_is_caught_by_the_pairs_only()
    {
        // The load shared within a pair (50 %) dwarfs the effect (20 %) and each run's own noise (5 %): Mann–Whitney
        // on the same values sees the effect through the load, the paired differences cancel it.
        var rule = new ComparisonRule(MinimumDifferenceMs: 1.0);
        var paired = Enumerable.Range(0, 20).Count(seed => Family(rule, seed, 1.2, paired: true)[0].Verdict == Verdict.Slower);
        var unpaired = Enumerable.Range(0, 20).Count(seed => Family(rule, seed, 1.2, paired: false)[0].Verdict == Verdict.Slower);

        Assert.Equal(20, paired);
        Assert.True(unpaired <= 5, $"Mann–Whitney flagged {unpaired} of 20");
    }

    [Fact]
    public void Twenty_percent_speedup_is_faster_not_slower()
    {
        var rule = new ComparisonRule(MinimumDifferenceMs: 1.0);
        var verdicts = Enumerable.Range(0, 20).Select(seed => Family(rule, seed, 1 / 1.2, paired: true)[0]).ToList();

        Assert.All(verdicts, c => Assert.Equal(Verdict.Faster, c.Verdict));
        Assert.All(verdicts, c => Assert.True(c.P < 0.05 && c.P == c.AdjustedP.Faster && c.AdjustedP.Slower > 0.5));
    }

    [Fact]
    public void Holm_adjusts_each_direction_over_the_family()
    {
        var comparisons = Family(new ComparisonRule(), seed: 3, factor: 1.2, paired: true);

        Assert.All(comparisons, c => Assert.Equal(ComparisonTest.WilcoxonSignedRank, c.Test));
        Assert.Equal(
            HolmCorrection.Adjust(comparisons.Select(c => c.RawP.Slower).ToArray()),
            comparisons.Select(c => c.AdjustedP.Slower));
        Assert.Equal(
            HolmCorrection.Adjust(comparisons.Select(c => c.RawP.Faster).ToArray()),
            comparisons.Select(c => c.AdjustedP.Faster));
    }

    [Fact]
    public void Without_pairs_the_rule_is_Mann_Whitney()
    {
        var pairs = Pairs(5, 20, 1.3, drift: 0.05, noise: 0.05);
        var unpaired = new ComparisonRule().Compare(Samples("config", pairs, paired: false));
        var legacy = new ComparisonRule().Compare("config", pairs.Select(p => p.Base).ToArray(), pairs.Select(p => p.Head).ToArray());

        Assert.Equal(ComparisonTest.MannWhitney, unpaired.Test);
        Assert.Equal(0, unpaired.PairCount);
        Assert.Equal(legacy, unpaired);
        Assert.Equal(MannWhitneyTest.Run(pairs.Select(p => p.Head).ToArray(), pairs.Select(p => p.Base).ToArray()).P, unpaired.RawP.Slower, 12);
        Assert.Equal(unpaired.RawP.Slower, unpaired.RawP.Faster);
        Assert.Equal(unpaired.HeadMedian / unpaired.BaseMedian, unpaired.Ratio, 12);
    }

    [Theory]
    [InlineData(5, 1, "MannWhitney")]
    [InlineData(6, 1, "WilcoxonSignedRank")]
    [InlineData(7, 8, "MannWhitney")]
    [InlineData(8, 8, "WilcoxonSignedRank")]
    public void Too_few_pairs_fall_back_to_Mann_Whitney(int pairCount, int familySize, string expected)
    {
        // 8 metrics need 8 pairs: with 7, even a change in every pair gives p = 2⁻⁷, and 8·2⁻⁷ > 0.05 after Holm.
        var comparisons = new ComparisonRule().CompareAll(
            Enumerable.Range(0, familySize).Select(m => Samples($"m{m}", Pairs(m, pairCount, 1.5, drift: 0.1, noise: 0.05))));

        Assert.All(comparisons, c => Assert.Equal(Enum.Parse<ComparisonTest>(expected), c.Test));
    }

    [Fact]
    public void A_zero_value_falls_back_to_Mann_Whitney()
    {
        var pairs = Pairs(6, 20, 1.0, drift: 0.1, noise: 0.05);
        pairs[3] = (0, pairs[3].Head);

        Assert.Equal(ComparisonTest.MannWhitney, new ComparisonRule().Compare(Samples("config", pairs)).Test);
    }

    [Fact]
    public void Paired_confidence_interval_is_reproducible_and_brackets_the_ratio()
    {
        var logRatios = Pairs(9, 20, 1.2, drift: 0.5, noise: 0.05).Select(p => Math.Log(p.Head / p.Base)).ToArray();

        var first = BootstrapRatio.PairedConfidenceInterval(logRatios);
        var second = BootstrapRatio.PairedConfidenceInterval(logRatios);

        Assert.Equal(first, second);
        Assert.InRange(Math.Exp(HodgesLehmann.Estimate(logRatios)), first.Lower, first.Upper);

        // The shared load cancels: the interval is as narrow as the 5 % per-run noise allows.
        Assert.InRange(first.Lower, 1.12, 1.2);
        Assert.InRange(first.Upper, 1.2, 1.28);
    }

    [Fact]
    public void Swapping_base_and_head_swaps_slower_and_faster()
        => Gen.Select(Gen.Int[6, 30], Gen.Int, Gen.Double[0.7, 1.5], Gen.Double[0, 0.5], Gen.Double[0.01, 0.3])
            .Sample((n, seed, factor, drift, noise) =>
            {
                // No --min-difference: it is checked on base's median, which swapping changes.
                var rule = new ComparisonRule();
                var pairs = Pairs(seed, n, factor, drift, noise);
                var forward = rule.Compare(Samples("config", pairs));
                var backward = rule.Compare(Samples("config", pairs.Select(p => (p.Head, p.Base)).ToArray()));
                var mirrored = forward.Verdict switch
                {
                    Verdict.Slower => Verdict.Faster,
                    Verdict.Faster => Verdict.Slower,
                    Verdict.SlowerUnderThreshold => Verdict.FasterUnderThreshold,
                    Verdict.FasterUnderThreshold => Verdict.SlowerUnderThreshold,
                    var same => same,
                };
                return backward.Verdict == mirrored
                    && Math.Abs((forward.Ratio * backward.Ratio) - 1) < 1e-9
                    && Math.Abs(forward.RawP.Slower - backward.RawP.Faster) < 1e-12
                    && Math.Abs(forward.RawP.Faster - backward.RawP.Slower) < 1e-12;
            });
}
