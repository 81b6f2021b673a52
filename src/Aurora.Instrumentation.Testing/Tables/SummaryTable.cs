using System.Globalization;
using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;

namespace Aurora.Instrumentation.Testing.Tables;

/// <summary>The per-metric statistics table: what <c>aurora-startup bench</c> prints and a failed guard shows.</summary>
internal static class SummaryTable
{
    public static TextTable Build(IReadOnlyList<MetricSeries> metrics, int okRuns, int runs, int warmup)
    {
        var table = new TextTable(
            $"{okRuns} of {runs} runs ok, {warmup} warm-up",
            new("metric"), new("n", true), new("min", true), new("median", true), new("mean", true), new("stddev", true), new("p95", true), new("max", true), new("outliers", true));
        foreach (var metric in metrics)
        {
            var s = metric.Summary;
            table.Add(
                metric.Kind switch
                {
                    MetricKind.Total => Emphasis.Good,
                    MetricKind.Phase or MetricKind.Unattributed => Emphasis.None,
                    _ => Emphasis.Dim,
                },
                Label(metric),
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

    /// <summary>How a metric is named in tables: <c>model_load (background)</c>, <c>total (to ready)</c>, ….</summary>
    public static string Label(MetricSeries metric) => metric.Kind switch
    {
        MetricKind.Phase when metric.Background => metric.Name + " (background)",
        MetricKind.Total => "total (to ready)",
        MetricKind.Unattributed => "unattributed (critical path)",
        MetricKind.Overhead => "overhead (library)",
        MetricKind.Wall => "wall (process)",
        MetricKind.Memory => "peak memory",
        _ => metric.Name,
    };

    public static string Value(MetricSeries metric, double value)
        => metric.Kind == MetricKind.Memory
            ? (value / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB"
            : DurationText.Milliseconds(value);
}
