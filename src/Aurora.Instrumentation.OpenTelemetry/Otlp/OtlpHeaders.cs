namespace Aurora.Instrumentation.OpenTelemetry.Otlp;

/// <summary>
/// <c>OTEL_EXPORTER_OTLP_HEADERS</c> (and the signal-specific variables): <c>key=value</c> pairs separated by commas,
/// values percent-decoded (W3C Baggage form). Every entry is validated before it can reach a request: names must be
/// HTTP tokens, values must be ASCII without CR, LF, NUL or another control character (a decoded <c>%0D%0A</c> would inject a
/// header), and the headers the transport owns (<c>Host</c>, <c>Content-Length</c>, <c>Content-Type</c>, <c>TE</c>,
/// <c>grpc-*</c>, …) cannot be set. A bad entry is dropped with one message that names the variable and never quotes
/// a value, since these variables carry credentials. A name given twice keeps its last value.
/// </summary>
internal static class OtlpHeaders
{
    private static readonly HashSet<string> s_transportOwned = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "content-length", "content-type", "content-encoding", "transfer-encoding", "te", "connection",
        "upgrade", "keep-alive", "proxy-connection", "trailer", "expect", "user-agent",
    };

    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string? text, string variable, List<string> warnings)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return headers;
        }

        var entry = 0;
        foreach (var part in text.Split(','))
        {
            entry++;
            var pair = part.Trim();
            if (pair.Length == 0)
            {
                continue;
            }

            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? Uri.UnescapeDataString(pair[..equals].Trim()) : string.Empty;
            if (!IsToken(name))
            {
                warnings.Add($"{variable}: entry {entry} is not name=value with a valid header name; it is ignored");
                continue;
            }

            if (s_transportOwned.Contains(name) || name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase))
            {
                warnings.Add($"{variable}: '{name}' is a header the OTLP transport sets itself; it is ignored");
                continue;
            }

            var value = Uri.UnescapeDataString(pair[(equals + 1)..].Trim());
            if (!IsFieldValue(value))
            {
                warnings.Add($"{variable}: the value of '{name}' holds a character a header cannot carry (CR, LF, NUL, another control character or non-ASCII); the header is ignored");
                continue;
            }

            var existing = headers.FindIndex(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
            if (existing >= 0)
            {
                warnings.Add($"{variable} names '{name}' more than once; the last value is used");
                headers.RemoveAt(existing);
            }

            headers.Add(new(name, value));
        }

        return headers;
    }

    /// <summary>RFC 9110 token: visible ASCII except separators.</summary>
    internal static bool IsToken(string name)
    {
        if (name.Length == 0 || name.Length > 256)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// RFC 9110 field value limited to ASCII: visible characters, spaces and tabs. (HTTP allows obs-text, but the .NET
    /// handler refuses non-ASCII request headers at send time, which would fail every export.)
    /// </summary>
    internal static bool IsFieldValue(string value)
    {
        foreach (var c in value)
        {
            if (c != '\t' && (c < 0x20 || c >= 0x7F))
            {
                return false;
            }
        }

        return true;
    }
}
