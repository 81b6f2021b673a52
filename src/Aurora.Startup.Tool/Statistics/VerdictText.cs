using System.Globalization;

namespace Aurora.Startup.Tool.Statistics;

/// <summary>
/// How a <see cref="Verdict"/> is written: an id for JSON, and words for tables that say what happened — a significant
/// change under the threshold is "slower ×1.096, under the 10 % threshold", never "unchanged".
/// </summary>
internal static class VerdictText
{
    /// <summary>For the JSON export: <c>slower</c>, <c>faster</c>, <c>unchanged</c>, <c>inconclusive</c>, <c>slower-under-threshold</c>, <c>faster-under-threshold</c>.</summary>
    public static string Id(Verdict verdict) => verdict switch
    {
        Verdict.SlowerUnderThreshold => "slower-under-threshold",
        Verdict.FasterUnderThreshold => "faster-under-threshold",
        _ => verdict.ToString().ToLowerInvariant(),
    };

    /// <summary>For tables: the verdict with the estimated ratio and the threshold it was held against.</summary>
    public static string Describe(Verdict verdict, double ratio, double threshold) => verdict switch
    {
        Verdict.Slower => $"slower {Times(ratio)}, beyond the {Percent(threshold)} threshold",
        Verdict.Faster => $"faster {Times(ratio)}, beyond the {Percent(threshold)} threshold",
        Verdict.SlowerUnderThreshold => $"slower {Times(ratio)}, under the {Percent(threshold)} threshold",
        Verdict.FasterUnderThreshold => $"faster {Times(ratio)}, under the {Percent(threshold)} threshold",
        _ => Id(verdict),
    };

    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static string Times(double ratio) => "×" + ratio.ToString("0.000", CultureInfo.InvariantCulture);
}
