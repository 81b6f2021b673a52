namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// Where OTLP traces go, resolved from the standard variables the way the OpenTelemetry SDK resolves them
/// (signal-specific variables win; a general endpoint gets <c>/v1/traces</c> appended for http/protobuf).
/// The spool drain posts to it; the live exporter takes its signal-specific overrides.
/// </summary>
internal sealed class OtlpTarget
{
    public const string GrpcTraceExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    public required OtlpProtocol Protocol { get; init; }

    /// <summary>The endpoint as the SDK would be configured with it (gRPC: base address; http: the full URL).</summary>
    public required Uri TracesEndpoint { get; init; }

    /// <summary>Whether a signal-specific variable set the endpoint (then it is used as given).</summary>
    public bool TracesEndpointIsSignalSpecific { get; init; }

    public string? TracesHeaders { get; init; }

    public bool HeadersAreSignalSpecific { get; init; }

    public int TimeoutMilliseconds { get; init; } = 10_000;

    public bool TimeoutIsSignalSpecific { get; init; }

    public bool ProtocolIsSignalSpecific { get; init; }

    /// <summary>The URL a raw request is posted to.</summary>
    public Uri TraceRequestUri
        => Protocol == OtlpProtocol.Grpc
            ? new Uri(TracesEndpoint.GetLeftPart(UriPartial.Authority) + GrpcTraceExportPath)
            : TracesEndpoint;

    /// <summary>The endpoint without path, query or credentials: safe to log.</summary>
    public string Display => TracesEndpoint.GetLeftPart(UriPartial.Authority);

    /// <summary>Parses <c>key=value,key2=value2</c> (values URL-encoded), skipping malformed entries.</summary>
    public IEnumerable<KeyValuePair<string, string>> ParseHeaders()
    {
        if (string.IsNullOrWhiteSpace(TracesHeaders))
        {
            yield break;
        }

        foreach (var pair in TracesHeaders.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            yield return new KeyValuePair<string, string>(
                Uri.UnescapeDataString(pair[..equals].Trim()),
                Uri.UnescapeDataString(pair[(equals + 1)..].Trim()));
        }
    }
}
