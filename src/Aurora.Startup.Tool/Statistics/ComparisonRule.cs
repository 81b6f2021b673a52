namespace Aurora.Startup.Tool.Statistics;

/// <summary>
/// Turns two samples into a <see cref="Verdict"/>. With r = median(head)/median(base), p the two-sided
/// Mann–Whitney p-value (Holm-adjusted when metrics are compared as a family, <see cref="CompareAll"/>), [lo, hi] the bootstrap confidence interval of r and t the threshold:
/// <list type="bullet">
/// <item><b>slower</b> when p &lt; α and r &gt; 1 + t (a real change, and a large one);</item>
/// <item><b>faster</b> when p &lt; α and r &lt; 1/(1 + t);</item>
/// <item><b>unchanged</b> otherwise when 1/(1 + t) ≤ lo and hi ≤ 1 + t (any change is within the threshold);</item>
/// <item><b>inconclusive</b> otherwise.</item>
/// </list>
/// The p-value guards against noise (false alarms ≤ α per metric), the point estimate against flagging real but
/// irrelevant changes. A metric whose medians differ by less than <see cref="MinimumDifferenceMs"/> in absolute
/// terms is never slower or faster: sub-millisecond phases are dominated by timer and scheduler noise.
/// </summary>
internal sealed record ComparisonRule(double Threshold = 0.10, double Alpha = 0.05, double MinimumDifferenceMs = 0.0)
{
    public MetricComparison Compare(string metric, IReadOnlyList<double> baseline, IReadOnlyList<double> head)
    {
        var baseMedian = SampleSummary.MedianOf(baseline);
        var headMedian = SampleSummary.MedianOf(head);
        var ratio = BootstrapRatio.Ratio(headMedian, baseMedian);
        var test = MannWhitneyTest.Run(head, baseline);
        var (lower, upper) = BootstrapRatio.ConfidenceInterval(baseline, head, 1 - Alpha);
        var verdict = Decide(ratio, test.P, lower, upper, Math.Abs(headMedian - baseMedian));
        return new MetricComparison(metric, baseline.Count, head.Count, baseMedian, headMedian, ratio, lower, upper, test.P, verdict, test.P);
    }

    /// <summary>Compares several metrics as one family: p-values Holm-adjusted, verdicts decided on the adjusted p.</summary>
    public IReadOnlyList<MetricComparison> CompareAll(IEnumerable<(string Metric, IReadOnlyList<double> Baseline, IReadOnlyList<double> Head)> metrics)
    {
        var raw = metrics.Select(m => Compare(m.Metric, m.Baseline, m.Head)).ToList();
        var adjusted = HolmCorrection.Adjust(raw.Select(c => c.RawP).ToArray());
        return raw.Select((c, i) => c with
        {
            P = adjusted[i],
            Verdict = Decide(c.Ratio, adjusted[i], c.RatioLower, c.RatioUpper, Math.Abs(c.HeadMedian - c.BaseMedian)),
        }).ToList();
    }

    public Verdict Decide(double ratio, double p, double lower, double upper, double absoluteDifferenceMs)
    {
        var large = absoluteDifferenceMs >= MinimumDifferenceMs;
        if (p < Alpha && large && ratio > 1 + Threshold)
        {
            return Verdict.Slower;
        }

        if (p < Alpha && large && ratio < 1 / (1 + Threshold))
        {
            return Verdict.Faster;
        }

        return lower >= 1 / (1 + Threshold) && upper <= 1 + Threshold ? Verdict.Unchanged : Verdict.Inconclusive;
    }
}
