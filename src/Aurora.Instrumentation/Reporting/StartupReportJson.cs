using System.Globalization;
using System.Text.Json;

namespace Aurora.Instrumentation;

/// <summary>
/// Hand-written (reflection-free, trimming/AOT-safe) JSON for <see cref="StartupReport"/>. Property names are
/// part of the schema <c>aurora.startup.report/1</c>; never rename one without bumping the schema.
/// </summary>
internal static class StartupReportJson
{
    public static void Write(StartupReport report, Stream destination)
    {
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("schema", report.Schema);
        json.WriteString("command", report.Command);
        json.WriteString("runtimeMode", report.RuntimeMode);
        json.WriteNumber("processId", report.ProcessId);
        json.WriteString("processStartTime", report.ProcessStartTime.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        json.WriteBoolean("completed", report.Completed);
        WriteNullableString(json, "milestone", report.Milestone);
        json.WriteNumber("totalMs", Round(report.TotalMs));
        WriteNullableNumber(json, "totalBudgetMs", report.TotalBudgetMs);
        json.WriteBoolean("totalExceeded", report.TotalExceeded);
        json.WriteNumber("overheadMs", Round(report.OverheadMs));
        WriteNullableString(json, "traceId", report.TraceId);

        json.WriteStartArray("phases");
        foreach (var phase in report.Phases)
        {
            json.WriteStartObject();
            json.WriteString("name", phase.Name);
            json.WriteNumber("startMs", Round(phase.StartMs));
            json.WriteNumber("durationMs", Round(phase.DurationMs));
            json.WriteBoolean("completed", phase.Completed);
            json.WriteBoolean("background", phase.Background);
            WriteNullableNumber(json, "budgetMs", phase.BudgetMs);
            json.WriteBoolean("exceeded", phase.Exceeded);
            json.WriteNumber("jitMethods", phase.JitMethods);
            json.WriteNumber("jitTimeMs", Round(phase.JitTimeMs));
            json.WriteNumber("assembliesLoaded", phase.AssembliesLoaded);
            json.WriteNumber("allocatedBytes", phase.AllocatedBytes);
            WriteNullableNumber(json, "lazyWaitMs", phase.LazyWaitMs);
            json.WriteNumber("lazyWaiters", phase.LazyWaiters);
            WriteNullableNumber(json, "hiddenPercent", phase.HiddenPercent);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("overruns");
        foreach (var overrun in report.Overruns)
        {
            json.WriteStartObject();
            json.WriteString("phase", overrun.Phase);
            json.WriteNumber("budgetMs", Round(overrun.BudgetMs));
            json.WriteNumber("actualMs", Round(overrun.ActualMs));
            json.WriteString("level", overrun.Level);
            json.WriteBoolean("live", overrun.Live);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("assembliesLoadedBeforeReady");
        foreach (var name in report.AssembliesLoadedBeforeReady)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static StartupReport Read(ReadOnlySpan<byte> utf8)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not a startup report: invalid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("not a startup report: the JSON is not an object");
            }

            var schema = OptionalString(root, "schema");
            if (schema != StartupReport.SchemaId)
            {
                throw new FormatException($"unsupported report schema {(schema is null ? "(missing)" : ValueExcerpt.Quoted(schema))}; expected '{StartupReport.SchemaId}'");
            }

            var phases = new List<PhaseReport>();
            if (root.TryGetProperty("phases", out var phaseArray) && phaseArray.ValueKind == JsonValueKind.Array)
            {
                foreach (var phase in phaseArray.EnumerateArray())
                {
                    phases.Add(new PhaseReport
                    {
                        Name = RequiredString(phase, "name"),
                        StartMs = Number(phase, "startMs"),
                        DurationMs = Number(phase, "durationMs"),
                        Completed = Boolean(phase, "completed", defaultValue: true),
                        Background = Boolean(phase, "background"),
                        BudgetMs = OptionalNumber(phase, "budgetMs"),
                        Exceeded = Boolean(phase, "exceeded"),
                        JitMethods = (long)Number(phase, "jitMethods"),
                        JitTimeMs = Number(phase, "jitTimeMs"),
                        AssembliesLoaded = (int)Number(phase, "assembliesLoaded"),
                        AllocatedBytes = (long)Number(phase, "allocatedBytes"),
                        LazyWaitMs = OptionalNumber(phase, "lazyWaitMs"),
                        LazyWaiters = (int)Number(phase, "lazyWaiters"),
                    });
                }
            }

            var overruns = new List<BudgetOverrun>();
            if (root.TryGetProperty("overruns", out var overrunArray) && overrunArray.ValueKind == JsonValueKind.Array)
            {
                foreach (var overrun in overrunArray.EnumerateArray())
                {
                    overruns.Add(new BudgetOverrun
                    {
                        Phase = RequiredString(overrun, "phase"),
                        BudgetMs = Number(overrun, "budgetMs"),
                        ActualMs = Number(overrun, "actualMs"),
                        Level = RequiredString(overrun, "level"),
                        Live = Boolean(overrun, "live"),
                    });
                }
            }

            var assemblies = new List<string>();
            if (root.TryGetProperty("assembliesLoadedBeforeReady", out var assemblyArray) && assemblyArray.ValueKind == JsonValueKind.Array)
            {
                foreach (var name in assemblyArray.EnumerateArray())
                {
                    if (name.ValueKind == JsonValueKind.String)
                    {
                        assemblies.Add(name.GetString()!);
                    }
                }
            }

            var started = OptionalString(root, "processStartTime");
            return new StartupReport
            {
                Schema = schema,
                Command = RequiredString(root, "command"),
                RuntimeMode = OptionalString(root, "runtimeMode") ?? "jit",
                ProcessId = (int)Number(root, "processId"),
                ProcessStartTime = started is null ? default : DateTimeOffset.Parse(started, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                Completed = Boolean(root, "completed"),
                Milestone = OptionalString(root, "milestone"),
                TotalMs = Number(root, "totalMs"),
                TotalBudgetMs = OptionalNumber(root, "totalBudgetMs"),
                TotalExceeded = Boolean(root, "totalExceeded"),
                OverheadMs = Number(root, "overheadMs"),
                TraceId = OptionalString(root, "traceId"),
                Phases = phases,
                Overruns = overruns,
                AssembliesLoadedBeforeReady = assemblies,
            };
        }
    }

    // Microsecond precision is plenty and keeps reports readable.
    private static double Round(double value) => Math.Round(value, 3);

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, Round(number));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string RequiredString(JsonElement element, string name)
        => OptionalString(element, name) ?? throw new FormatException($"not a startup report: '{name}' is missing or not a string");

    private static string? OptionalString(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double Number(JsonElement element, string name)
        => OptionalNumber(element, name) ?? 0;

    private static double? OptionalNumber(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new FormatException($"not a startup report: '{name}' is not a number");
    }

    private static bool Boolean(JsonElement element, string name, bool defaultValue = false)
        => element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => defaultValue,
            _ => throw new FormatException($"not a startup report: '{name}' is not a boolean"),
        } : defaultValue;
}
