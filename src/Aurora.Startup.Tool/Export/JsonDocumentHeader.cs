using System.Globalization;
using System.Text.Json;

namespace Aurora.Startup.Tool.Export;

/// <summary>The fields every exported JSON document starts with, and the machine it was measured on.</summary>
internal static class JsonDocumentHeader
{
    /// <summary><c>schema</c>, <c>tool</c> and <c>createdAt</c> (UTC, round-trip format).</summary>
    public static void Write(Utf8JsonWriter json, string schemaId, DateTimeOffset createdAt)
    {
        json.WriteString("schema", schemaId);
        json.WriteString("tool", "aurora-startup " + ToolVersion.Text);
        json.WriteString("createdAt", createdAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
    }

    /// <summary>The <c>machine</c> object: platform, OS, runtime, processor count.</summary>
    public static void WriteMachine(Utf8JsonWriter json, MachineInfo machine)
    {
        json.WriteStartObject("machine");
        json.WriteString("platform", machine.Platform);
        json.WriteString("os", machine.Os);
        json.WriteString("runtime", machine.Runtime);
        json.WriteNumber("processors", machine.Processors);
        json.WriteEndObject();
    }

    /// <summary>Reads a <c>machine</c> object back; <c>null</c> when it is missing (results of older versions lack <c>platform</c>, read as <c>unknown</c>).</summary>
    public static MachineInfo? ReadMachine(JsonElement root)
    {
        if (!root.TryGetProperty("machine", out var machine) || machine.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string Text(string name) => machine.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "unknown" : "unknown";
        var processors = machine.TryGetProperty("processors", out var count) && count.ValueKind == JsonValueKind.Number ? count.GetInt32() : 0;
        return new MachineInfo(Text("platform"), processors, Text("os"), Text("runtime"));
    }
}
