namespace Aurora.Startup.Tool.Statistics;

/// <summary>One metric compared between base and head.</summary>
/// <param name="Metric">Metric name (<c>total</c>, <c>wall</c>, a phase id).</param>
/// <param name="Test">The test behind the p-values and the estimate behind the ratio.</param>
/// <param name="BaseCount">Base sample size.</param>
/// <param name="HeadCount">Head sample size.</param>
/// <param name="PairCount">Complete pairs used by the paired test; 0 for an unpaired comparison.</param>
/// <param name="BaseMedian">Median of base.</param>
/// <param name="HeadMedian">Median of head.</param>
/// <param name="Ratio">
/// Estimated head/base: exp(Hodges–Lehmann estimate of ln(headᵢ/baseᵢ)) when paired, median(head)/median(base)
/// when not.
/// </param>
/// <param name="RatioLower">Lower bound of the bootstrap confidence interval of the ratio.</param>
/// <param name="RatioUpper">Upper bound.</param>
/// <param name="DifferenceMs">
/// The estimated change in ms that <c>--min-difference</c> is checked against: median(base)·|ratio − 1|, the
/// change the ratio means for base's typical run (when unpaired that is |median(head) − median(base)|).
/// </param>
/// <param name="RawP">The unadjusted p-values per direction.</param>
/// <param name="AdjustedP">The p-values per direction, Holm-adjusted over the metrics compared together (see <see cref="HolmCorrection"/>).</param>
/// <param name="Verdict">The verdict, decided on <paramref name="AdjustedP"/>.</param>
internal sealed record MetricComparison(
    string Metric,
    ComparisonTest Test,
    int BaseCount,
    int HeadCount,
    int PairCount,
    double BaseMedian,
    double HeadMedian,
    double Ratio,
    double RatioLower,
    double RatioUpper,
    double DifferenceMs,
    DirectionalP RawP,
    DirectionalP AdjustedP,
    Verdict Verdict)
{
    /// <summary>The adjusted p-value in the direction of the ratio: the one the table prints.</summary>
    public double P => AdjustedP.Toward(Ratio);
}
