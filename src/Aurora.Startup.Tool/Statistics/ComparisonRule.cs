using Aurora.Instrumentation.Testing.Statistics;

namespace Aurora.Startup.Tool.Statistics;

/// <summary>
/// Turns two samples into a <see cref="Verdict"/>. With r the estimated ratio head/base, p₊ and p₋ the p-values for
/// "head slower" and "head faster" (Holm-adjusted per direction when metrics are compared as a family,
/// <see cref="CompareAll(IEnumerable{MetricSamples})"/>), [lo, hi] the bootstrap confidence interval of r, Δ the
/// estimated change in ms and t the threshold:
/// <list type="bullet">
/// <item><b>slower</b> when p₊ &lt; α, r &gt; 1 + t and Δ ≥ <see cref="MinimumDifferenceMs"/> (a real change, and a large one);</item>
/// <item><b>faster</b> when p₋ &lt; α, r &lt; 1/(1 + t) and Δ ≥ <see cref="MinimumDifferenceMs"/>;</item>
/// <item><b>slower under the threshold</b> when p₊ &lt; α, r &gt; 1 and Δ ≥ <see cref="MinimumDifferenceMs"/> (a real change, but a small one);</item>
/// <item><b>faster under the threshold</b> when p₋ &lt; α, r &lt; 1 and Δ ≥ <see cref="MinimumDifferenceMs"/>;</item>
/// <item><b>unchanged</b> otherwise when 1/(1 + t) ≤ lo and hi ≤ 1 + t (any change is within the threshold);</item>
/// <item><b>inconclusive</b> otherwise.</item>
/// </list>
/// <para>
/// <b>Paired</b> (interleaved runs with enough pairs in which both runs measured the metric, <see cref="CanPair"/>,
/// all values &gt; 0): dᵢ = ln(headᵢ/baseᵢ); p₊ and p₋ are the one-sided Wilcoxon signed-rank p-values of the dᵢ, r is
/// exp(Hodges–Lehmann estimate of the dᵢ) and Δ = median(base)·|r − 1|, the change r means for base's typical run. Machine load drifts
/// during a comparison and the two runs of a pair run back to back, so they share much of that noise; the paired
/// differences cancel it, where the unpaired test has to see the effect through it.
/// </para>
/// <para>
/// <b>Unpaired</b> (too few pairs, a value ≤ 0, or a <c>bench --baseline</c> from another session): p₊ = p₋ = the two-sided Mann–Whitney p-value,
/// r = median(head)/median(base) and Δ = |median(head) − median(base)|.
/// </para>
/// The p-value guards against noise (false "slower" verdicts ≤ α over the family), the point estimate against
/// flagging real but irrelevant changes, and <see cref="MinimumDifferenceMs"/> against sub-millisecond phases, which
/// are dominated by timer and scheduler noise.
/// </summary>
internal sealed record ComparisonRule(double Threshold = 0.10, double Alpha = 0.05, double MinimumDifferenceMs = 0.0)
{
    /// <summary>
    /// Fewest complete pairs for the paired test. With 6 the smallest one-sided p is 2⁻⁶ ≈ 0.016, so a consistent
    /// change can still be significant on its own; see also <see cref="CanPair"/>.
    /// </summary>
    public const int MinimumPairs = 6;

    /// <summary>Compares two unpaired samples (Mann–Whitney).</summary>
    public MetricComparison Compare(string metric, IReadOnlyList<double> baseline, IReadOnlyList<double> head)
        => Compare(new MetricSamples(metric, baseline, head));

    /// <summary>Compares one metric on its own: paired when <see cref="MetricSamples.Pairs"/> allow it, else unpaired.</summary>
    public MetricComparison Compare(MetricSamples samples) => Compare(samples, familySize: 1);

    /// <summary>
    /// Whether <paramref name="pairs"/> complete pairs are enough for the paired test in a family of
    /// <paramref name="familySize"/> metrics: at least <see cref="MinimumPairs"/>, and few enough metrics that a change
    /// seen in every pair (p = 2⁻ⁿ, the smallest the test can give) stays below α after Holm's worst factor m. With
    /// fewer pairs the signed-rank test could not flag anything whatever the data, while Mann–Whitney, which ranks all
    /// 2n values, still can. The choice depends on counts only, never on the measured values.
    /// </summary>
    public bool CanPair(int pairs, int familySize)
        => pairs >= MinimumPairs && familySize * Math.Pow(2, -pairs) < Alpha;

    private MetricComparison Compare(MetricSamples samples, int familySize)
    {
        var baseMedian = SampleSummary.MedianOf(samples.Baseline);
        var headMedian = SampleSummary.MedianOf(samples.Head);
        if (samples.Pairs is { } pairs && CanPair(pairs.Count, familySize) && LogRatios(pairs) is { } logRatios)
        {
            var test = WilcoxonSignedRankTest.Run(logRatios);
            var p = new DirectionalP(test.PGreater, test.PLess);
            var ratio = Math.Exp(HodgesLehmann.Estimate(logRatios));
            var (lower, upper) = BootstrapRatio.PairedConfidenceInterval(logRatios, 1 - Alpha);
            var difference = baseMedian * Math.Abs(ratio - 1);
            return new MetricComparison(
                samples.Metric, ComparisonTest.WilcoxonSignedRank, samples.Baseline.Count, samples.Head.Count, logRatios.Length,
                baseMedian, headMedian, ratio, lower, upper, difference, p, p, Decide(ratio, p, lower, upper, difference));
        }

        var unpairedRatio = BootstrapRatio.Ratio(headMedian, baseMedian);
        var twoSided = DirectionalP.TwoSided(MannWhitneyTest.Run(samples.Head, samples.Baseline).P);
        var (unpairedLower, unpairedUpper) = BootstrapRatio.ConfidenceInterval(samples.Baseline, samples.Head, 1 - Alpha);
        var medianDifference = Math.Abs(headMedian - baseMedian);
        return new MetricComparison(
            samples.Metric, ComparisonTest.MannWhitney, samples.Baseline.Count, samples.Head.Count, 0,
            baseMedian, headMedian, unpairedRatio, unpairedLower, unpairedUpper, medianDifference, twoSided, twoSided,
            Decide(unpairedRatio, twoSided, unpairedLower, unpairedUpper, medianDifference));
    }

    /// <summary>Compares unpaired metrics as one family (<c>bench --baseline</c>).</summary>
    public IReadOnlyList<MetricComparison> CompareAll(IEnumerable<(string Metric, IReadOnlyList<double> Baseline, IReadOnlyList<double> Head)> metrics)
        => CompareAll(metrics.Select(m => new MetricSamples(m.Metric, m.Baseline, m.Head)));

    /// <summary>
    /// Compares several metrics as one family: the "slower" p-values are Holm-adjusted together and so are the "faster"
    /// ones, and verdicts are decided on the adjusted p. Only "slower" fails a guard, and its family-wise false-alarm
    /// rate stays ≤ α whichever test each metric used (a two-sided p is a valid, conservative one-sided one).
    /// </summary>
    public IReadOnlyList<MetricComparison> CompareAll(IEnumerable<MetricSamples> metrics)
    {
        var family = metrics.ToList();
        var raw = family.Select(samples => Compare(samples, family.Count)).ToList();
        var slower = HolmCorrection.Adjust(raw.Select(c => c.RawP.Slower).ToArray());
        var faster = HolmCorrection.Adjust(raw.Select(c => c.RawP.Faster).ToArray());
        return raw.Select((c, i) =>
        {
            var adjusted = new DirectionalP(slower[i], faster[i]);
            return c with { AdjustedP = adjusted, Verdict = Decide(c.Ratio, adjusted, c.RatioLower, c.RatioUpper, c.DifferenceMs) };
        }).ToList();
    }

    public Verdict Decide(double ratio, DirectionalP p, double lower, double upper, double differenceMs)
    {
        var large = differenceMs >= MinimumDifferenceMs;
        if (p.Slower < Alpha && large && ratio > 1 + Threshold)
        {
            return Verdict.Slower;
        }

        if (p.Faster < Alpha && large && ratio < 1 / (1 + Threshold))
        {
            return Verdict.Faster;
        }

        // Significant and measurable, but within the threshold: said as such, so "unchanged" means no change was seen.
        if (p.Slower < Alpha && large && ratio > 1)
        {
            return Verdict.SlowerUnderThreshold;
        }

        if (p.Faster < Alpha && large && ratio < 1)
        {
            return Verdict.FasterUnderThreshold;
        }

        return lower >= 1 / (1 + Threshold) && upper <= 1 + Threshold ? Verdict.Unchanged : Verdict.Inconclusive;
    }

    /// <summary>
    /// ln(headᵢ/baseᵢ) of the pairs, or <c>null</c> when a value is not a positive number: a 0 ms phase has no log
    /// ratio, so such a metric is compared unpaired.
    /// </summary>
    private static double[]? LogRatios(IReadOnlyList<(double Base, double Head)> pairs)
    {
        if (pairs.Any(pair => !(pair.Base > 0 && pair.Head > 0 && double.IsFinite(pair.Base) && double.IsFinite(pair.Head))))
        {
            return null;
        }

        // ln(h) − ln(b) rather than ln(h/b): exactly antisymmetric, so swapping base and head negates every dᵢ.
        return pairs.Select(pair => Math.Log(pair.Head) - Math.Log(pair.Base)).ToArray();
    }
}
