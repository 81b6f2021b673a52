namespace Aurora.Startup.Tool.Statistics;

/// <summary>Output and JSON spelling of <see cref="ComparisonTest"/>.</summary>
internal static class ComparisonTestText
{
    /// <summary>For the JSON export: <c>mann-whitney</c>, <c>wilcoxon-signed-rank</c>.</summary>
    public static string Id(ComparisonTest test) => test switch
    {
        ComparisonTest.MannWhitney => "mann-whitney",
        ComparisonTest.WilcoxonSignedRank => "wilcoxon-signed-rank",
        _ => test.ToString(),
    };

    /// <summary>For table headers: <c>Mann–Whitney</c>, <c>Wilcoxon</c>.</summary>
    public static string Name(ComparisonTest test) => test switch
    {
        ComparisonTest.MannWhitney => "Mann–Whitney",
        ComparisonTest.WilcoxonSignedRank => "Wilcoxon",
        _ => test.ToString(),
    };
}
