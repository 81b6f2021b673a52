using System.Text.Json;
using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Startup.Tool.Compare;
using Aurora.Startup.Tool.Statistics;

namespace Aurora.Startup.Tool.Export;

/// <summary>
/// The <c>compare --export-json</c> document, schema <see cref="SchemaId"/>: every run with its pair index, side and
/// measured values, and every metric's comparison with its raw and adjusted p-values. The per-run values are there
/// so that a guard-quality experiment can be re-analysed offline under another rule.
/// </summary>
internal static class CompareJson
{
    public const string SchemaId = "aurora.startup.compare/1";

    public static void Write(CompareResult result, Stream destination)
    {
        var settings = result.Settings;
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        JsonDocumentHeader.Write(json, SchemaId, result.CreatedAt);
        json.WriteString("base", settings.Base.Display);
        json.WriteString("head", settings.Head.Display);
        json.WriteNumber("runs", settings.Runs);
        json.WriteNumber("warmup", settings.Warmup);
        json.WriteStartObject("rule");
        json.WriteNumber("threshold", settings.Threshold);
        json.WriteNumber("alpha", settings.Alpha);
        json.WriteNumber("minDifferenceMs", settings.MinimumDifferenceMs);
        json.WriteNumber("minimumPairs", ComparisonRule.MinimumPairs);
        json.WriteNumber("exactLimit", WilcoxonSignedRankTest.ExactLimit);
        json.WriteString("zeros", "pratt");
        json.WriteNumber("bootstrapResamples", BootstrapRatio.DefaultResamples);
        json.WriteNumber("bootstrapSeed", BootstrapRatio.DefaultSeed);
        json.WriteEndObject();
        JsonDocumentHeader.WriteMachine(json, MachineInfo.Current());

        json.WriteStartArray("runResults");
        foreach (var run in result.Runs)
        {
            WriteRun(json, run);
        }

        json.WriteEndArray();

        json.WriteStartArray("comparisons");
        foreach (var comparison in result.Comparisons)
        {
            WriteComparison(json, comparison);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteFile(CompareResult result, string path)
    {
        BenchJson.CreateParent(path);
        using var stream = File.Create(path);
        Write(result, stream);
    }

    private static void WriteRun(Utf8JsonWriter json, ComparedRun run)
    {
        var outcome = run.Outcome;
        json.WriteStartObject();
        json.WriteNumber("pair", run.Schedule.Index);
        json.WriteString("side", run.Schedule.Side == Side.Base ? "base" : "head");
        json.WriteBoolean("warmup", run.Schedule.Warmup);
        json.WriteBoolean("first", run.First);
        json.WriteString("status", RunStatusText.Format(outcome.Status));
        BenchJson.NullableNumber(json, "exitCode", outcome.ExitCode);
        BenchJson.NullableNumber(json, "peakMemoryBytes", outcome.PeakMemoryBytes);
        json.WriteString("error", outcome.Error); // null writes JSON null

        // Wall time is measured for every run; the comparison uses a run's values only when its status is ok. Phases
        // get their own object, keyed as the comparisons name them, so that a phase called "total" cannot collide.
        // Unrounded, so that an offline re-analysis sees exactly the values (and ranks) the tool saw.
        Unrounded(json, "wallMs", outcome.WallMs);
        if (outcome.Report is null)
        {
            json.WriteNull("totalMs");
        }
        else
        {
            Unrounded(json, "totalMs", outcome.Report.TotalMs);
        }

        json.WriteStartObject("phasesMs");
        if (outcome.Report is { } report)
        {
            foreach (var (key, phase) in SeriesBuilder.KeyedPhases(report))
            {
                Unrounded(json, key, phase.DurationMs);
            }
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteComparison(Utf8JsonWriter json, MetricComparison comparison)
    {
        json.WriteStartObject();
        json.WriteString("metric", comparison.Metric);
        json.WriteString("test", ComparisonTestText.Id(comparison.Test));
        json.WriteNumber("baseCount", comparison.BaseCount);
        json.WriteNumber("headCount", comparison.HeadCount);
        json.WriteNumber("pairs", comparison.PairCount);
        BenchJson.Number(json, "baseMedianMs", comparison.BaseMedian);
        BenchJson.Number(json, "headMedianMs", comparison.HeadMedian);
        Unrounded(json, "ratio", comparison.Ratio);
        Unrounded(json, "ratioLower", comparison.RatioLower);
        Unrounded(json, "ratioUpper", comparison.RatioUpper);
        BenchJson.Number(json, "differenceMs", comparison.DifferenceMs);

        // p-values unrounded: 3 decimals would turn a Holm-relevant 0.0004 into 0.
        Unrounded(json, "pSlower", comparison.RawP.Slower);
        Unrounded(json, "pFaster", comparison.RawP.Faster);
        Unrounded(json, "pSlowerAdjusted", comparison.AdjustedP.Slower);
        Unrounded(json, "pFasterAdjusted", comparison.AdjustedP.Faster);
        json.WriteString("verdict", VerdictText.Id(comparison.Verdict));
        json.WriteEndObject();
    }

    private static void Unrounded(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
