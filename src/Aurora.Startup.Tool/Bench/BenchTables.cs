using System.Globalization;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Instrumentation.Testing.Tables;
using Aurora.Startup.Tool.Statistics;

namespace Aurora.Startup.Tool.Bench;

/// <summary>The tables <c>bench</c> prints and the Markdown export contains.</summary>
internal static class BenchTables
{
    /// <summary>What the two derived rows of the summary are, printed under it.</summary>
    public const string RowsNote = "unattributed = time before ready that no critical-path phase covers; overhead = the library's own measured cost on the critical path.";

    public static TextTable Failures(BenchResult result)
    {
        var table = new TextTable("runs that did not count", new("run", true), new("status"), new("wall", true), new("detail"));
        foreach (var run in result.RunRecords.Where(run => run.Status != RunStatus.Ok))
        {
            table.Add(
                Emphasis.Bad,
                (run.Warmup ? "warm-up " : string.Empty) + (run.Index + 1).ToString(CultureInfo.InvariantCulture),
                RunStatusText.Format(run.Status),
                DurationText.Milliseconds(run.WallMs),
                run.Error ?? string.Empty);
        }

        return table;
    }

    public static TextTable Comparison(IReadOnlyList<MetricComparison> comparisons, ComparisonRule rule, string title, string baseLabel, string headLabel)
    {
        // The bootstrap interval is at confidence 1 − alpha (ComparisonRule), so its header says which.
        var confidence = ((1 - rule.Alpha) * 100).ToString("0.###", CultureInfo.InvariantCulture) + "% CI";
        var table = new TextTable(title, new("metric"), new(baseLabel, true), new(headLabel, true), new("ratio", true), new(confidence, true), new(PHeader(comparisons), true), new("verdict"));
        foreach (var comparison in comparisons)
        {
            var emphasis = comparison.Verdict switch
            {
                Verdict.Slower => Emphasis.Bad,
                Verdict.Faster or Verdict.FasterUnderThreshold => Emphasis.Good,
                Verdict.Inconclusive or Verdict.SlowerUnderThreshold => Emphasis.Warning,
                _ => Emphasis.None,
            };
            table.Add(
                emphasis,
                comparison.Metric,
                DurationText.Milliseconds(comparison.BaseMedian),
                DurationText.Milliseconds(comparison.HeadMedian),
                Ratio(comparison.Ratio),
                $"{Ratio(comparison.RatioLower)}–{Ratio(comparison.RatioUpper)}",
                comparison.P < 0.0001 ? "<0.0001" : comparison.P.ToString("0.0000", CultureInfo.InvariantCulture),
                VerdictText.Describe(comparison.Verdict, comparison.Ratio, rule.Threshold));
        }

        return table;
    }

    /// <summary>Names the test behind the p column: <c>p (Wilcoxon, Holm)</c>, <c>p (Mann–Whitney, Holm)</c>, or <c>p (Mann–Whitney | Wilcoxon, Holm)</c> when mixed.</summary>
    public static string PHeader(IReadOnlyList<MetricComparison> comparisons)
    {
        var tests = comparisons.Select(c => c.Test).Distinct().Order().Select(ComparisonTestText.Name);
        return $"p ({string.Join(" | ", tests.DefaultIfEmpty(ComparisonTestText.Name(ComparisonTest.MannWhitney)))}, Holm)";
    }

    public static string Ratio(double ratio)
        => double.IsFinite(ratio) ? ratio.ToString("0.000", CultureInfo.InvariantCulture) + "x" : "n/a";
}
