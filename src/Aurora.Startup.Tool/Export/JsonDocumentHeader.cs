using System.Globalization;
using System.Runtime.InteropServices;
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

    /// <summary>The <c>machine</c> object: OS, runtime, processor count.</summary>
    public static void WriteMachine(Utf8JsonWriter json)
    {
        json.WriteStartObject("machine");
        json.WriteString("os", RuntimeInformation.OSDescription);
        json.WriteString("runtime", RuntimeInformation.FrameworkDescription);
        json.WriteNumber("processors", Environment.ProcessorCount);
        json.WriteEndObject();
    }
}
