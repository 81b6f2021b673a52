namespace Aurora.Startup.Tool.Statistics;

/// <summary>
/// Wilcoxon signed-rank test of paired differences dᵢ, one-sided in each direction. The |dᵢ| are ranked, tied ones
/// sharing their average rank, and T⁺ is the sum of the ranks of the positive dᵢ. Under H₀ (each dᵢ symmetric about 0)
/// every sign is + or − with probability ½ independently of the ranks, which gives T⁺'s null distribution.
/// <para>
/// Zeros follow Pratt's convention: they take part in the ranking (so they push the non-zero differences to higher
/// ranks) but not in T⁺ or its null distribution. Wilcoxon's convention drops them before ranking, which can make a
/// sample look <i>more</i> significant when a difference moves to exactly 0 (Pratt 1959); with measured times, exact
/// zeros are rare anyway.
/// </para>
/// <para>
/// Up to <see cref="ExactLimit"/> non-zero differences the null distribution is exact: a dynamic programme over the
/// sums of doubled ranks, which are integers even when ties give half ranks, so ties and zeros stay exact too (this is
/// the permutation distribution given the observed ranks). Above it, the normal approximation with mean Σr/2 and
/// variance Σr²/4 over the non-zero ranks r (which is the tie- and zero-corrected variance) and a 0.5 continuity
/// correction, like R's <c>wilcox.test(correct = TRUE)</c>.
/// </para>
/// </summary>
internal static class WilcoxonSignedRankTest
{
    /// <summary>The most non-zero differences for which the exact distribution is used (its cost is O(n³)).</summary>
    public const int ExactLimit = 50;

    /// <param name="differences">The paired differences dᵢ.</param>
    /// <param name="exactLimit">Up to how many non-zero differences to use the exact distribution (tests lower it to check the approximation).</param>
    public static SignedRankResult Run(IReadOnlyList<double> differences, int exactLimit = ExactLimit)
    {
        var doubledRanks = DoubledRanks(differences);
        var positive = 0L;
        var nonZero = new List<int>(differences.Count);
        for (var i = 0; i < differences.Count; i++)
        {
            if (differences[i] != 0)
            {
                nonZero.Add(doubledRanks[i]);
                positive += differences[i] > 0 ? doubledRanks[i] : 0;
            }
        }

        var tPlus = positive / 2.0;
        if (nonZero.Count == 0)
        {
            return new SignedRankResult(tPlus, 0, 1, 1, Exact: true);
        }

        if (nonZero.Count <= exactLimit)
        {
            var (greater, less) = ExactTails(nonZero, positive);
            return new SignedRankResult(tPlus, nonZero.Count, greater, less, Exact: true);
        }

        double mean = 0, variance = 0;
        foreach (var doubled in nonZero)
        {
            var rank = doubled / 2.0;
            mean += rank / 2;
            variance += rank * rank / 4;
        }

        var sigma = Math.Sqrt(variance);
        var pGreater = NormalDistribution.Cdf(-(tPlus - mean - 0.5) / sigma);
        var pLess = NormalDistribution.Cdf((tPlus - mean + 0.5) / sigma);
        return new SignedRankResult(tPlus, nonZero.Count, Math.Min(1, pGreater), Math.Min(1, pLess), Exact: false);
    }

    /// <summary>Twice the average rank of each |dᵢ| among all of them (zeros included, Pratt): always an integer.</summary>
    private static int[] DoubledRanks(IReadOnlyList<double> differences)
    {
        var order = Enumerable.Range(0, differences.Count).OrderBy(i => Math.Abs(differences[i])).ToArray();
        var doubled = new int[order.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && Math.Abs(differences[order[j + 1]]) == Math.Abs(differences[order[i]]))
            {
                j++;
            }

            // Positions i..j (0-based) share the average of ranks i+1..j+1; doubled, that is i + j + 2.
            for (var k = i; k <= j; k++)
            {
                doubled[order[k]] = i + j + 2;
            }

            i = j + 1;
        }

        return doubled;
    }

    /// <summary>P(T⁺ ≥ observed) and P(T⁺ ≤ observed) under H₀, in doubled-rank units.</summary>
    private static (double Greater, double Less) ExactTails(List<int> doubledRanks, long observed)
    {
        var total = doubledRanks.Sum();

        // probability[s] = P(Σ of the doubled ranks given a + sign = s) after each rank joins; probabilities rather
        // than counts, so 2ⁿ never overflows.
        var probability = new double[total + 1];
        probability[0] = 1;
        var reach = 0;
        foreach (var rank in doubledRanks)
        {
            reach += rank;
            for (var s = reach; s >= 0; s--)
            {
                probability[s] = (0.5 * probability[s]) + (s >= rank ? 0.5 * probability[s - rank] : 0);
            }
        }

        double greater = 0, less = 0;
        for (var s = 0; s <= total; s++)
        {
            greater += s >= observed ? probability[s] : 0;
            less += s <= observed ? probability[s] : 0;
        }

        return (Math.Min(1, greater), Math.Min(1, less));
    }
}

/// <summary>The outcome of <see cref="WilcoxonSignedRankTest.Run"/>.</summary>
/// <param name="TPlus">Sum of the ranks of the positive differences.</param>
/// <param name="NonZero">How many differences were not 0 (the effective sample size).</param>
/// <param name="PGreater">One-sided p-value for "the differences tend to be positive": P(T⁺ ≥ observed).</param>
/// <param name="PLess">One-sided p-value for "the differences tend to be negative": P(T⁺ ≤ observed).</param>
/// <param name="Exact">Whether the p-values come from the exact null distribution (else the normal approximation).</param>
internal readonly record struct SignedRankResult(double TPlus, int NonZero, double PGreater, double PLess, bool Exact);
