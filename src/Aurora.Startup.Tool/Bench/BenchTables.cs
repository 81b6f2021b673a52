using System.Globalization;
using Aurora.Startup.Tool.Checks;
using Aurora.Startup.Tool.Output;
using Aurora.Startup.Tool.Running;
using Aurora.Startup.Tool.Statistics;

namespace Aurora.Startup.Tool.Bench;

/// <summary>The tables <c>bench</c> prints and the Markdown export contains.</summary>
internal static class BenchTables
{
    public static TextTable Summary(BenchResult result)
    {
        var ok = result.RunRecords.Count(run => !run.Warmup && run.Status == RunStatus.Ok);
        var table = new TextTable(
            $"{ok} of {result.Runs} runs ok, {result.Warmup} warm-up",
            new("metric"), new("n", true), new("min", true), new("median", true), new("mean", true), new("stddev", true), new("p95", true), new("max", true), new("outliers", true));
        foreach (var metric in result.Metrics)
        {
            var s = metric.Summary;
            var name = metric.Kind switch
            {
                MetricKind.Phase when metric.Background => metric.Name + " (background)",
                MetricKind.Total => "total (to ready)",
                MetricKind.Wall => "wall (process)",
                MetricKind.Memory => "peak memory",
                _ => metric.Name,
            };
            table.Add(
                metric.Kind == MetricKind.Total ? Emphasis.Good : metric.Kind == MetricKind.Phase ? Emphasis.None : Emphasis.Dim,
                name,
                s.Count.ToString(CultureInfo.InvariantCulture),
                Value(metric, s.Min),
                Value(metric, s.Median),
                Value(metric, s.Mean),
                Value(metric, s.StandardDeviation),
                Value(metric, s.P95),
                Value(metric, s.Max),
                s.Outliers.Count == 0 ? "-" : string.Join(' ', s.Outliers.Select(i => "#" + (i + 1).ToString(CultureInfo.InvariantCulture))));
        }

        return table;
    }

    public static TextTable Budgets(IReadOnlyList<BudgetVerdict> verdicts, string title)
    {
        var table = new TextTable(title, new("source"), new("phase"), new("actual", true), new("budget", true), new("allowed", true), new("level"), new("verdict"));
        foreach (var verdict in verdicts)
        {
            var emphasis = verdict.IsError ? Emphasis.Bad : verdict.Exceeded ? Emphasis.Warning : Emphasis.Good;
            table.Add(
                emphasis,
                verdict.Source,
                verdict.Phase,
                DurationText.Milliseconds(verdict.ActualMs),
                DurationText.Milliseconds(verdict.BudgetMs),
                DurationText.Milliseconds(verdict.AllowedMs),
                verdict.Level,
                verdict.Exceeded ? (verdict.IsError ? "OVER (error)" : "over (warn)") : "ok");
        }

        return table;
    }

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

    public static TextTable Comparison(IReadOnlyList<MetricComparison> comparisons, string title, string baseLabel, string headLabel)
    {
        var table = new TextTable(title, new("metric"), new(baseLabel, true), new(headLabel, true), new("ratio", true), new("95% CI", true), new(PHeader(comparisons), true), new("verdict"));
        foreach (var comparison in comparisons)
        {
            var emphasis = comparison.Verdict switch
            {
                Verdict.Slower => Emphasis.Bad,
                Verdict.Faster => Emphasis.Good,
                Verdict.Inconclusive => Emphasis.Warning,
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
                comparison.Verdict.ToString().ToLowerInvariant());
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

    public static string Value(MetricSeries metric, double value)
        => metric.Kind == MetricKind.Memory
            ? (value / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB"
            : DurationText.Milliseconds(value);
}
