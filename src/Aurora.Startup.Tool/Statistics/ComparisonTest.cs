namespace Aurora.Startup.Tool.Statistics;

/// <summary>Which test produced a comparison's p-values (and which estimate its ratio).</summary>
internal enum ComparisonTest
{
    /// <summary>Unpaired: two-sided Mann–Whitney U; the ratio is median(head)/median(base).</summary>
    MannWhitney,

    /// <summary>Paired: one-sided Wilcoxon signed-rank per direction on ln(headᵢ/baseᵢ); the ratio is exp(Hodges–Lehmann).</summary>
    WilcoxonSignedRank,
}
