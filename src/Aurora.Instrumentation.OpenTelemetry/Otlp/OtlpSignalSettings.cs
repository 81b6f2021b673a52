namespace Aurora.Instrumentation.OpenTelemetry.Otlp;

/// <summary>Where and how one signal is sent, resolved from the standard variables (<see cref="OtlpDestination"/>).</summary>
internal sealed class OtlpSignalSettings
{
    public const string GrpcTracesPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    public const string GrpcMetricsPath = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(10_000);

    public required OtlpSignal Signal { get; init; }

    public required OtlpProtocol Protocol { get; init; }

    /// <summary>The URL requests are posted to (http/protobuf: the full signal URL; gRPC: the service method's path).</summary>
    public required Uri RequestUri { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The variable the headers came from (named in messages about a rejected credential).</summary>
    public string HeadersVariable { get; init; } = OtlpVariables.General(OtlpVariables.Headers);

    /// <summary>The variable the endpoint came from, or <c>null</c> for the default endpoint.</summary>
    public string? EndpointVariable { get; init; }

    /// <summary>Per request; <c>null</c> when the timeout is 0 ("no limit": the caller's deadline still bounds it).</summary>
    public TimeSpan? Timeout { get; init; } = DefaultTimeout;

    public OtlpCompression Compression { get; init; }

    /// <summary>PEM file of the certificate authorities that verify the collector (<c>…_CERTIFICATE</c>).</summary>
    public string? CertificatePath { get; init; }

    /// <summary>PEM files of the client certificate and its key, for mutual TLS.</summary>
    public string? ClientCertificatePath { get; init; }

    public string? ClientKeyPath { get; init; }

    /// <summary>The endpoint as scheme://host:port: what messages show (no path, query or credentials).</summary>
    public string Display => RequestUri.GetLeftPart(UriPartial.Authority);
}
