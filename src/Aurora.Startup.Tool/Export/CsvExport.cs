using System.Globalization;
using System.Text;
using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Startup.Tool.Bench;

namespace Aurora.Startup.Tool.Export;

/// <summary>
/// The <c>--export-csv</c> file (RFC 4180): one summary row per metric, numbers invariant with a dot, times in ms,
/// memory in bytes, and for phases the medians of the timeline's counters. Raw samples are in the JSON export.
/// </summary>
internal static class CsvExport
{
    public const string Header = "metric,kind,unit,background,n,min,median,mean,stddev,p95,max,mad,outliers,jit_methods,jit_ms,assemblies,allocated_bytes,lazy_wait_ms,hidden_percent";

    public static string Render(BenchResult result)
    {
        var text = new StringBuilder();
        text.Append(Header).Append("\r\n");
        foreach (var metric in result.Metrics)
        {
            var s = metric.Summary;
            string[] cells =
            [
                Field(metric.Name),
                metric.Kind.ToString().ToLowerInvariant(),
                metric.Unit,
                metric.Background ? "true" : "false",
                s.Count.ToString(CultureInfo.InvariantCulture),
                Number(s.Min),
                Number(s.Median),
                Number(s.Mean),
                Number(s.StandardDeviation),
                Number(s.P95),
                Number(s.Max),
                Number(s.MedianAbsoluteDeviation),
                s.Outliers.Count.ToString(CultureInfo.InvariantCulture),
                .. Counters(metric.Counters),
            ];
            text.AppendJoin(',', cells).Append("\r\n");
        }

        return text.ToString();
    }

    public static void WriteFile(BenchResult result, string path)
    {
        BenchJson.CreateParent(path);
        File.WriteAllText(path, Render(result));
    }

    private static string Number(double value) => Math.Round(value, 3).ToString(CultureInfo.InvariantCulture);

    /// <summary>The counters' medians for a phase; empty fields for other metrics and for counters no run had.</summary>
    private static IEnumerable<string> Counters(PhaseCounters? counters)
        => counters is null
            ? Enumerable.Repeat(string.Empty, 6)
            : counters.All.Select(counter => PhaseCounters.Median(counter.Values) is { } median ? Number(median) : string.Empty);

    private static string Field(string text)
        => text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
