namespace Aurora.Startup.Tool.Statistics;

/// <summary>
/// Two-sided Mann–Whitney U (Wilcoxon rank-sum) test with the normal approximation, tie correction of the
/// variance and a 0.5 continuity correction — the same as SciPy's <c>mannwhitneyu(method="asymptotic")</c>.
/// </summary>
internal static class MannWhitneyTest
{
    /// <summary>Tests whether <paramref name="first"/> and <paramref name="second"/> come from the same distribution.</summary>
    /// <returns>U of the first sample, the z statistic and the two-sided p-value.</returns>
    public static MannWhitneyResult Run(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        int n1 = first.Count, n2 = second.Count;
        if (n1 == 0 || n2 == 0)
        {
            return new MannWhitneyResult(0, 0, 1);
        }

        var combined = new (double Value, bool First)[n1 + n2];
        for (var i = 0; i < n1; i++)
        {
            combined[i] = (first[i], true);
        }

        for (var i = 0; i < n2; i++)
        {
            combined[n1 + i] = (second[i], false);
        }

        Array.Sort(combined, (a, b) => a.Value.CompareTo(b.Value));

        // Average ranks over ties; collect Σ(t³ − t) for the variance correction.
        double rankSumFirst = 0, tieTerm = 0;
        var n = combined.Length;
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j + 1 < n && combined[j + 1].Value.Equals(combined[i].Value))
            {
                j++;
            }

            var averageRank = ((i + 1) + (j + 1)) / 2.0;
            for (var k = i; k <= j; k++)
            {
                if (combined[k].First)
                {
                    rankSumFirst += averageRank;
                }
            }

            double ties = j - i + 1;
            tieTerm += (ties * ties * ties) - ties;
            i = j + 1;
        }

        var u1 = rankSumFirst - (n1 * (n1 + 1) / 2.0);
        var mean = n1 * (double)n2 / 2.0;
        var variance = n1 * (double)n2 / 12.0 * ((n + 1) - (tieTerm / (n * (double)(n - 1))));
        if (variance <= 0)
        {
            return new MannWhitneyResult(u1, 0, 1);
        }

        var distance = Math.Max(0, Math.Abs(u1 - mean) - 0.5);
        var z = Math.Sign(u1 - mean) * distance / Math.Sqrt(variance);
        return new MannWhitneyResult(u1, z, NormalDistribution.TwoSidedP(z));
    }
}

/// <summary>The outcome of <see cref="MannWhitneyTest.Run"/>.</summary>
/// <param name="U">U statistic of the first sample (the number of pairs where the first is larger, ties counting half).</param>
/// <param name="Z">The continuity-corrected normal statistic (positive: first sample tends to be larger).</param>
/// <param name="P">Two-sided p-value.</param>
internal readonly record struct MannWhitneyResult(double U, double Z, double P);
