namespace Aurora.Startup.Tool.Statistics;

/// <summary>One metric compared between base and head.</summary>
/// <param name="Metric">Metric name (<c>total</c>, <c>wall</c>, a phase id).</param>
/// <param name="BaseCount">Base sample size.</param>
/// <param name="HeadCount">Head sample size.</param>
/// <param name="BaseMedian">Median of base.</param>
/// <param name="HeadMedian">Median of head.</param>
/// <param name="Ratio">median(head)/median(base).</param>
/// <param name="RatioLower">Lower bound of the bootstrap confidence interval of the ratio.</param>
/// <param name="RatioUpper">Upper bound.</param>
/// <param name="P">Two-sided Mann–Whitney p-value, Holm-adjusted over the metrics compared together (see <see cref="HolmCorrection"/>).</param>
/// <param name="RawP">The unadjusted p-value.</param>
/// <param name="Verdict">The verdict.</param>
internal sealed record MetricComparison(
    string Metric,
    int BaseCount,
    int HeadCount,
    double BaseMedian,
    double HeadMedian,
    double Ratio,
    double RatioLower,
    double RatioUpper,
    double P,
    Verdict Verdict,
    double RawP);
