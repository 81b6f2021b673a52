using System.Globalization;
using System.Text.Json;

namespace Aurora.Cli.Configuration;

/// <summary>
/// Reads and validates <c>.aurora/config.json</c>. Nothing here throws for bad content: a missing or malformed file,
/// or a field of the wrong type, is reported once (naming the file and the field) and its default is used.
/// </summary>
internal static class ConfigFile
{
    private static readonly JsonDocumentOptions s_options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static AuroraConfig Read(string path, CliOutput output)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            output.Warning($"{path}: configuration file not found; using the default configuration (run `aur init` to create it)");
            return AuroraConfig.Default;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            output.Warning($"{path}: cannot read the configuration ({ex.Message}); using the default configuration");
            return AuroraConfig.Default;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, s_options);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" line {line + 1}" : string.Empty;
            output.Warning($"{path}{where}: not valid JSON ({FirstSentence(ex.Message)}); using the default configuration");
            return AuroraConfig.Default;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                output.Warning($"{path}: the configuration must be a JSON object; using the default configuration");
                return AuroraConfig.Default;
            }

            return new Reader(path, document.RootElement, output).Read();
        }
    }

    /// <summary>The default configuration as written by <c>aur init</c>.</summary>
    public static byte[] Serialize(AuroraConfig config)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", config.Version);
            writer.WriteStartObject("store");
            writer.WriteString("path", config.StorePath);
            writer.WriteEndObject();
            writer.WriteStartObject("agents");
            writer.WriteString("path", config.AgentsPath);
            writer.WriteEndObject();
            writer.WriteStartObject("llm");
            writer.WriteString("provider", config.LlmProvider);
            writer.WriteString("endpoint", config.LlmEndpoint);
            writer.WriteString("model", config.LlmModel);
            writer.WriteNumber("timeoutMs", config.LlmTimeoutMs);
            writer.WriteNumber("maxTokens", config.LlmMaxTokens);
            writer.WriteEndObject();
            writer.WriteStartObject("routing");
            writer.WriteNumber("minScore", config.RoutingMinScore);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }

    /// <summary>Reads one field at a time so that one bad field costs only that field.</summary>
    private readonly ref struct Reader(string path, JsonElement root, CliOutput output)
    {
        private readonly string _path = path;
        private readonly JsonElement _root = root;
        private readonly CliOutput _output = output;

        public AuroraConfig Read()
        {
            var defaults = AuroraConfig.Default;
            var version = Integer("version", defaults.Version, min: 1, max: AuroraConfig.CurrentVersion);
            return new AuroraConfig
            {
                Version = version,
                StorePath = RelativePath("store.path", defaults.StorePath),
                AgentsPath = RelativePath("agents.path", defaults.AgentsPath),
                LlmProvider = OneOf("llm.provider", defaults.LlmProvider, "local", "openai"),
                LlmEndpoint = Endpoint("llm.endpoint"),
                LlmModel = Text("llm.model", defaults.LlmModel),
                LlmTimeoutMs = Integer("llm.timeoutMs", defaults.LlmTimeoutMs, min: 1, max: 600_000),
                LlmMaxTokens = Integer("llm.maxTokens", defaults.LlmMaxTokens, min: 1, max: 32_768),
                RoutingMinScore = Number("routing.minScore", defaults.RoutingMinScore, min: -1, max: 1),
            };
        }

        private bool TryFind(string field, out JsonElement value)
        {
            value = _root;
            foreach (var part in field.Split('.'))
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(part, out value))
                {
                    return false;
                }
            }

            return value.ValueKind != JsonValueKind.Null;
        }

        private int Integer(string field, int fallback, int min, int max)
        {
            if (!TryFind(field, out var value))
            {
                return fallback;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max)
            {
                return number;
            }

            return Invalid(field, value, $"an integer from {min} to {max}", fallback.ToString(CultureInfo.InvariantCulture), fallback);
        }

        private double Number(string field, double fallback, double min, double max)
        {
            if (!TryFind(field, out var value))
            {
                return fallback;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number >= min && number <= max)
            {
                return number;
            }

            return Invalid(field, value, $"a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}", fallback.ToString(CultureInfo.InvariantCulture), fallback);
        }

        private string Text(string field, string fallback)
        {
            if (!TryFind(field, out var value))
            {
                return fallback;
            }

            if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text))
            {
                return text.Trim();
            }

            return Invalid(field, value, "a non-empty string", $"\"{fallback}\"", fallback);
        }

        private string OneOf(string field, string fallback, params string[] allowed)
        {
            var text = Text(field, fallback);
            foreach (var candidate in allowed)
            {
                if (string.Equals(candidate, text, StringComparison.OrdinalIgnoreCase))
                {
                    return candidate;
                }
            }

            _output.Warning($"{_path}: field '{field}' must be one of {string.Join(", ", allowed)} (got \"{text}\"); using \"{fallback}\"");
            return fallback;
        }

        private string RelativePath(string field, string fallback)
        {
            var text = Text(field, fallback);
            if (text.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            {
                _output.Warning($"{_path}: field '{field}' is not a valid path; using \"{fallback}\"");
                return fallback;
            }

            return text;
        }

        private string? Endpoint(string field)
        {
            if (!TryFind(field, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.String && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return uri.ToString();
            }

            return Invalid<string?>(field, value, "an absolute http(s) URL", "none", null);
        }

        private T Invalid<T>(string field, JsonElement value, string expected, string fallbackText, T fallback)
        {
            _output.Warning($"{_path}: field '{field}' must be {expected} (got {Describe(value)}); using {fallbackText}");
            return fallback;
        }

        private static string Describe(JsonElement value)
        {
            var raw = value.GetRawText();
            if (raw.Length > 40)
            {
                raw = string.Concat(raw.AsSpan(0, 37), "...");
            }

            return value.ValueKind switch
            {
                JsonValueKind.Object => "an object",
                JsonValueKind.Array => "an array",
                _ => raw,
            };
        }
    }
}
