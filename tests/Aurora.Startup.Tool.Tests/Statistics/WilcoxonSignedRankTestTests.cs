using Aurora.Startup.Tool.Statistics;
using CsCheck;

namespace Aurora.Startup.Tool.Tests.Statistics;

public class WilcoxonSignedRankTestTests
{
    [Fact]
    public void Small_sample_matches_hand_computation()
    {
        // |d| ranks: 0.2→1, 0.3→2, 0.5→3, 0.8→4, 1.0→5; only −0.2 is negative, so T⁺ = 15 − 1 = 14.
        // 2⁵ = 32 equally likely sign patterns. P(T⁺ ≥ 14) = P(T⁻ ≤ 1) = |{∅, {1}}|/32 = 2/32 = 0.0625;
        // P(T⁺ ≤ 14) = 1 − P(T⁺ = 15) = 31/32.
        var result = WilcoxonSignedRankTest.Run([0.5, -0.2, 1.0, 0.8, 0.3]);

        Assert.Equal(14, result.TPlus);
        Assert.Equal(5, result.NonZero);
        Assert.True(result.Exact);
        Assert.Equal(0.0625, result.PGreater, 12);
        Assert.Equal(0.96875, result.PLess, 12);
    }

    [Fact]
    public void Every_pair_in_one_direction_gives_the_smallest_p()
    {
        // Six positive differences: only the all-plus pattern reaches T⁺ = 21, p = 2⁻⁶.
        var result = WilcoxonSignedRankTest.Run([1, 2, 3, 4, 5, 6]);

        Assert.Equal(21, result.TPlus);
        Assert.Equal(1.0 / 64, result.PGreater, 12);
        Assert.Equal(1.0, result.PLess, 12);
    }

    [Fact]
    public void Ties_share_their_average_rank_and_stay_exact()
    {
        // Pratt ranks of |d|: 0→1; 0.1, 0.1→2.5 each; 0.2→4; 0.3, 0.3→5.5 each; 0.4→7. The zero drops out of the
        // statistic: signed ranks +2.5 −2.5 +4 +5.5 +5.5 +7, T⁺ = 24.5 of 27, T⁻ = 2.5.
        // P(T⁻ ≤ 2.5) over the 64 sign patterns of {2.5, 2.5, 4, 5.5, 5.5, 7}: ∅, {2.5}, {2.5'} → 3/64.
        // P(T⁺ ≤ 24.5) = 1 − P(T⁻ = 0) = 63/64.
        var result = WilcoxonSignedRankTest.Run([0, 0.1, -0.1, 0.2, 0.3, 0.3, 0.4]);

        Assert.Equal(24.5, result.TPlus);
        Assert.Equal(6, result.NonZero);
        Assert.Equal(3.0 / 64, result.PGreater, 12);
        Assert.Equal(63.0 / 64, result.PLess, 12);
    }

    [Fact]
    public void Zeros_follow_Pratt_not_Wilcoxon()
    {
        // Pratt: ranks 0→1, 1→2, 2→3, 3→4, −4→5; non-zero ranks {2, 3, 4, 5}, T⁻ = 5.
        // P(T⁻ ≤ 5) over 16 patterns: ∅ 0, {2}, {3}, {4}, {5}, {2,3} → 6/16 = 0.375.
        // (Wilcoxon's convention would rank {1, 2, 3, 4} with T⁻ = 4: 7/16 = 0.4375.)
        var result = WilcoxonSignedRankTest.Run([0, 1, 2, 3, -4]);

        Assert.Equal(9, result.TPlus);
        Assert.Equal(4, result.NonZero);
        Assert.Equal(0.375, result.PGreater, 12);
        Assert.Equal(0.75, result.PLess, 12);
    }

    [Fact]
    public void All_zero_differences_are_not_significant()
    {
        var result = WilcoxonSignedRankTest.Run([0, 0, 0, 0, 0, 0, 0]);

        Assert.Equal(0, result.NonZero);
        Assert.Equal(1, result.PGreater);
        Assert.Equal(1, result.PLess);
    }

    [Fact]
    public void Large_sample_uses_the_normal_approximation()
    {
        // d = 1..60 with the multiples of 4 negative; all |d| distinct, so rank = |d|.
        // T⁻ = 4·(1 + … + 15) = 480, T⁺ = 1830 − 480 = 1350. Mean 1830/2 = 915; variance Σi²/4 = 60·61·121/24 = 18452.5,
        // σ = 135.8400. Slower: z = (1350 − 915 − 0.5)/σ = 3.198617, p = 1 − Φ(z) = 0.00069044.
        // Faster: z = (1350 − 915 + 0.5)/σ, p = Φ(z) = 0.99932698.
        var differences = Enumerable.Range(1, 60).Select(i => i % 4 == 0 ? -(double)i : i).ToArray();

        var result = WilcoxonSignedRankTest.Run(differences);

        Assert.False(result.Exact);
        Assert.Equal(1350, result.TPlus);
        Assert.Equal(0.00069044, result.PGreater, 6);
        Assert.Equal(0.99932698, result.PLess, 6);
    }

    [Fact]
    public void Normal_approximation_corrects_for_ties_and_zeros()
    {
        // 0, then ±1, ±1, 2, 2, ±3, … (i/2 for i = 2..61, every third negative): one zero and 60 tied pairs.
        // Over the non-zero ranks (Pratt, averaged): mean Σr/2 = 945, variance Σr²/4 = 19378.75 — the tie- and
        // zero-corrected variance; T⁺ = 1260, so p(slower) = 1 − Φ((1260 − 945 − 0.5)/√19378.75) = 0.01193497
        // (computed independently in Python from the same definitions).
        double[] differences = [0, .. Enumerable.Range(2, 60).Select(i => (i % 3 == 0 ? -1 : 1) * (double)(i / 2))];

        var result = WilcoxonSignedRankTest.Run(differences);

        Assert.Equal(60, result.NonZero);
        Assert.Equal(1260, result.TPlus);
        Assert.Equal(0.01193497, result.PGreater, 6);
        Assert.Equal(0.98828654, result.PLess, 6);
    }

    [Fact]
    public void Exact_and_normal_agree_near_the_limit()
    {
        // At n = 50 the exact tail and the continuity-corrected normal tail of the same data differ by well under 0.005.
        var differences = Enumerable.Range(1, 50).Select(i => i % 3 == 0 ? -(double)i : i).ToArray();
        var exact = WilcoxonSignedRankTest.Run(differences);
        var normal = WilcoxonSignedRankTest.Run(differences, exactLimit: 0);

        Assert.True(exact.Exact);
        Assert.False(normal.Exact);
        Assert.InRange(exact.PGreater, 0.0005, 0.1);
        Assert.InRange(Math.Abs(exact.PGreater - normal.PGreater), 0, 0.005);
        Assert.InRange(Math.Abs(exact.PLess - normal.PLess), 0, 0.005);
    }

    [Fact]
    public void Negating_the_differences_swaps_the_tails()
        => Gen.Double[-100, 100].Array[1, 70].Sample(values =>
        {
            var forward = WilcoxonSignedRankTest.Run(values);
            var backward = WilcoxonSignedRankTest.Run(values.Select(v => -v).ToArray());
            return Math.Abs(forward.PGreater - backward.PLess) < 1e-12
                && Math.Abs(forward.PLess - backward.PGreater) < 1e-12
                && forward.PGreater + forward.PLess >= 1 - 1e-12;
        });
}
