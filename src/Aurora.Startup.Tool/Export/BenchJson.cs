using System.Globalization;
using System.Text.Json;
using Aurora.Instrumentation.Testing.Checks;
using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Instrumentation.Testing.Statistics;
using Aurora.Startup.Tool.Bench;

namespace Aurora.Startup.Tool.Export;

/// <summary>
/// The <c>--export-json</c> document, schema <see cref="SchemaId"/>: the summary of every metric plus its raw
/// samples (so a later run can test against it with <c>--baseline</c>), budget verdicts and every run's outcome.
/// </summary>
internal static class BenchJson
{
    public const string SchemaId = "aurora.startup.bench/1";

    public static void Write(BenchResult result, Stream destination)
    {
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        JsonDocumentHeader.Write(json, SchemaId, result.CreatedAt);
        json.WriteString("command", result.Command);
        if (result.ReportCommand is null)
        {
            json.WriteNull("reportCommand");
        }
        else
        {
            json.WriteString("reportCommand", result.ReportCommand);
        }

        json.WriteNumber("runs", result.Runs);
        json.WriteNumber("warmup", result.Warmup);
        json.WriteString("aggregate", AggregateText.Format(result.Aggregate));
        json.WriteString("runtimeMode", result.RuntimeMode); // null writes JSON null
        JsonDocumentHeader.WriteMachine(json, result.Machine);

        json.WriteStartArray("metrics");
        foreach (var metric in result.Metrics)
        {
            var s = metric.Summary;
            json.WriteStartObject();
            json.WriteString("name", metric.Name);
            json.WriteString("kind", metric.Kind.ToString().ToLowerInvariant());
            json.WriteString("unit", metric.Unit);
            json.WriteBoolean("background", metric.Background);
            json.WriteNumber("count", s.Count);
            Number(json, "min", s.Min);
            Number(json, "median", s.Median);
            Number(json, "mean", s.Mean);
            Number(json, "stddev", s.StandardDeviation);
            Number(json, "p95", s.P95);
            Number(json, "max", s.Max);
            Number(json, "mad", s.MedianAbsoluteDeviation);
            Number(json, "startMedianMs", metric.StartMedian);
            json.WriteStartArray("samples");
            foreach (var value in metric.Values)
            {
                json.WriteNumberValue(Math.Round(value, 3));
            }

            json.WriteEndArray();
            json.WriteStartArray("starts");
            foreach (var value in metric.Starts)
            {
                json.WriteNumberValue(Math.Round(value, 3));
            }

            json.WriteEndArray();
            json.WriteStartArray("outliers");
            foreach (var index in s.Outliers)
            {
                json.WriteNumberValue(index);
            }

            json.WriteEndArray();
            if (metric.Counters is { } counters)
            {
                WriteCounters(json, counters);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("budgets");
        foreach (var budget in result.Budgets)
        {
            json.WriteStartObject();
            json.WriteString("phase", budget.Phase);
            json.WriteString("source", budget.Source);
            Number(json, "actualMs", budget.ActualMs);
            Number(json, "budgetMs", budget.BudgetMs);
            Number(json, "allowedMs", budget.AllowedMs);
            json.WriteString("level", budget.Level);
            json.WriteBoolean("exceeded", budget.Exceeded);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("runResults");
        foreach (var run in result.RunRecords)
        {
            json.WriteStartObject();
            json.WriteNumber("index", run.Index);
            json.WriteBoolean("warmup", run.Warmup);
            json.WriteString("status", RunStatusText.Format(run.Status));
            NullableNumber(json, "exitCode", run.ExitCode);
            Number(json, "wallMs", run.WallMs);
            NullableNumber(json, "peakMemoryBytes", run.PeakMemoryBytes);
            NullableNumber(json, "totalMs", run.TotalMs);
            json.WriteString("error", run.Error); // null writes JSON null
            json.WriteStartArray("phases");
            foreach (var phase in run.Phases)
            {
                json.WriteStartObject();
                json.WriteString("name", phase.Name);
                Number(json, "startMs", phase.StartMs);
                Number(json, "durationMs", phase.DurationMs);
                json.WriteBoolean("background", phase.Background);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteFile(BenchResult result, string path)
    {
        CreateParent(path);
        using var stream = File.Create(path);
        Write(result, stream);
    }

    /// <summary>Reads a document written by <see cref="Write"/>.</summary>
    /// <exception cref="FormatException">Not a bench result of this schema.</exception>
    public static BenchResult Read(ReadOnlySpan<byte> utf8)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not a bench result: invalid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            try
            {
                return ReadRoot(document.RootElement);
            }
            catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or ArgumentException)
            {
                throw new FormatException($"not a bench result: {ex.Message}", ex);
            }
        }
    }

    public static BenchResult ReadFile(string path) => Read(File.ReadAllBytes(path));

    internal static void CreateParent(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    private static BenchResult ReadRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("not a bench result: the JSON is not an object");
        }

        var schema = root.TryGetProperty("schema", out var schemaElement) && schemaElement.ValueKind == JsonValueKind.String ? schemaElement.GetString() : null;
        if (schema != SchemaId)
        {
            throw new FormatException($"unsupported bench result schema '{schema ?? "(missing)"}'; expected '{SchemaId}' (written by 'aurora-startup bench --export-json')");
        }

        var metrics = new List<MetricSeries>();
        foreach (var metric in root.GetProperty("metrics").EnumerateArray())
        {
            var kindText = metric.GetProperty("kind").GetString();
            if (!Enum.TryParse<MetricKind>(kindText, ignoreCase: true, out var kind))
            {
                throw new FormatException($"not a bench result: unknown metric kind '{kindText}'");
            }

            var samples = metric.GetProperty("samples").EnumerateArray().Select(value => value.GetDouble()).ToArray();
            if (samples.Length == 0)
            {
                continue;
            }

            var starts = metric.TryGetProperty("starts", out var startArray) ? startArray.EnumerateArray().Select(value => value.GetDouble()).ToArray() : [];
            metrics.Add(new MetricSeries(
                metric.GetProperty("name").GetString() ?? throw new FormatException("not a bench result: a metric has no name"),
                kind,
                samples,
                metric.TryGetProperty("background", out var background) && background.ValueKind == JsonValueKind.True,
                starts,
                counters: metric.TryGetProperty("counters", out var counters) && counters.ValueKind == JsonValueKind.Object ? ReadCounters(counters) : null));
        }

        var budgets = new List<BudgetVerdict>();
        if (root.TryGetProperty("budgets", out var budgetArray))
        {
            foreach (var budget in budgetArray.EnumerateArray())
            {
                budgets.Add(new BudgetVerdict(
                    budget.GetProperty("source").GetString() ?? string.Empty,
                    budget.GetProperty("phase").GetString() ?? string.Empty,
                    budget.GetProperty("actualMs").GetDouble(),
                    budget.GetProperty("budgetMs").GetDouble(),
                    budget.GetProperty("allowedMs").GetDouble(),
                    budget.GetProperty("level").GetString() ?? string.Empty,
                    budget.GetProperty("exceeded").GetBoolean()));
            }
        }

        var runs = new List<RunRecord>();
        if (root.TryGetProperty("runResults", out var runArray))
        {
            foreach (var run in runArray.EnumerateArray())
            {
                runs.Add(new RunRecord(
                    run.GetProperty("index").GetInt32(),
                    run.GetProperty("warmup").GetBoolean(),
                    RunStatusText.Parse(run.GetProperty("status").GetString()),
                    OptionalInt(run, "exitCode"),
                    run.GetProperty("wallMs").GetDouble(),
                    OptionalLong(run, "peakMemoryBytes"),
                    OptionalDouble(run, "totalMs"),
                    run.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null)
                {
                    Phases = run.TryGetProperty("phases", out var phases) && phases.ValueKind == JsonValueKind.Array
                        ? [.. phases.EnumerateArray().Select(phase => new RunPhase(
                            phase.GetProperty("name").GetString() ?? string.Empty,
                            phase.GetProperty("startMs").GetDouble(),
                            phase.GetProperty("durationMs").GetDouble(),
                            phase.GetProperty("background").GetBoolean()))]
                        : [],
                });
            }
        }

        return new BenchResult
        {
            Command = root.GetProperty("command").GetString() ?? string.Empty,
            ReportCommand = root.TryGetProperty("reportCommand", out var reportCommand) && reportCommand.ValueKind == JsonValueKind.String ? reportCommand.GetString() : null,
            Runs = root.GetProperty("runs").GetInt32(),
            Warmup = root.GetProperty("warmup").GetInt32(),
            Aggregate = AggregateText.TryParse(root.GetProperty("aggregate").GetString(), out var aggregate) ? aggregate : Aggregate.Median,
            RuntimeMode = root.TryGetProperty("runtimeMode", out var mode) && mode.ValueKind == JsonValueKind.String ? mode.GetString() : null,
            Machine = JsonDocumentHeader.ReadMachine(root) ?? new MachineInfo("unknown", 0, "unknown", "unknown"),
            CreatedAt = DateTimeOffset.Parse(root.GetProperty("createdAt").GetString() ?? string.Empty, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            Metrics = metrics,
            Budgets = budgets,
            RunRecords = runs,
        };
    }

    /// <summary><c>"counters": { "jitMethods": { "median": …, "samples": [ … ] }, … }</c>, leaving out counters no run had.</summary>
    private static void WriteCounters(Utf8JsonWriter json, PhaseCounters counters)
    {
        json.WriteStartObject("counters");
        foreach (var (name, values) in counters.All.Where(counter => counter.Values.Count > 0))
        {
            json.WriteStartObject(name);
            NullableNumber(json, "median", PhaseCounters.Median(values));
            json.WriteStartArray("samples");
            foreach (var value in values)
            {
                json.WriteNumberValue(Math.Round(value, 3));
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static PhaseCounters ReadCounters(JsonElement counters)
    {
        IReadOnlyList<double> Samples(string name)
            => counters.TryGetProperty(name, out var counter) && counter.TryGetProperty("samples", out var samples)
                ? [.. samples.EnumerateArray().Select(value => value.GetDouble())]
                : [];
        return new PhaseCounters(Samples("jitMethods"), Samples("jitTimeMs"), Samples("assembliesLoaded"), Samples("allocatedBytes"), Samples("lazyWaitMs"), Samples("hiddenPercent"));
    }

    /// <summary>A measured value rounded to 3 decimals (µs for ms), or null when not finite.</summary>
    internal static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, 3));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    internal static void NullableNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            Number(json, name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    internal static void NullableNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    internal static void NullableNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static int? OptionalInt(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static long? OptionalLong(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    private static double? OptionalDouble(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
