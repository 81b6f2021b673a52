using System.Globalization;
using Aurora.Instrumentation.OpenTelemetry.Protocol;

namespace Aurora.Instrumentation.OpenTelemetry.Otlp;

/// <summary>
/// Where the startup traces and metrics go, resolved once from the standard variables with the specification's
/// precedence (signal-specific over general): endpoint, protocol, headers, timeout, compression, certificate, client
/// key and certificate, for both signals alike; plus the service the data belongs to. Its <see cref="Key"/> names the
/// spool folder: a spooled file is only ever sent to the destination and identity it was recorded for. Bad values
/// never throw: each adds one warning naming the variable and what is used instead (never quoting header values).
/// </summary>
/// <remarks>
/// Not the SDK's <c>OtlpExporterOptions</c>: it resolves the signal-specific variables only inside the SDK's internal
/// exporter set-up, and the spool's sender runs in a process that never loads the SDK. The general variables resolve
/// to what the SDK resolves (tested against it).
/// </remarks>
internal sealed class OtlpDestination
{
    private const string GrpcDefault = "http://localhost:4317";

    private static readonly string[] s_keySettings = [OtlpVariables.Endpoint, OtlpVariables.Protocol, OtlpVariables.Headers];
    private const string HttpDefault = "http://localhost:4318";

    public required OtlpSignalSettings Traces { get; init; }

    public required OtlpSignalSettings Metrics { get; init; }

    /// <summary>The resource's <c>service.name</c> (part of the identity: two apps never send each other's telemetry).</summary>
    public required string ServiceName { get; init; }

    public OtlpTemporality Temporality { get; init; }

    /// <summary>16 hex digits identifying endpoints, protocols, headers and service (<see cref="KeyOf"/>); the spool folder's name.</summary>
    public required string Key { get; init; }

    /// <summary>
    /// The destination's key from the raw variables that decide where data goes and as whom: endpoint, protocol and
    /// headers of both signals (general and signal-specific) and the service name. Computed without parsing anything,
    /// so the exiting app can name the folder it persists to; the sender computes it from the environment it inherited
    /// and sends a folder's files only when the two agree. FNV-1a, 64 bits: a name, not a secret.
    /// </summary>
    public static string KeyOf(Func<string, string?> env)
    {
        var hash = Fnv1a64(14695981039346656037UL, "aurora-spool/2");
        foreach (var setting in s_keySettings)
        {
            hash = Fnv1a64(hash, "\n" + setting + "=");
            hash = Fnv1a64(hash, env(OtlpVariables.General(setting)) ?? string.Empty);
            hash = Fnv1a64(hash, "|");
            hash = Fnv1a64(hash, env(OtlpVariables.Specific(OtlpSignal.Traces, setting)) ?? string.Empty);
            hash = Fnv1a64(hash, "|");
            hash = Fnv1a64(hash, env(OtlpVariables.Specific(OtlpSignal.Metrics, setting)) ?? string.Empty);
        }

        hash = Fnv1a64(hash, "\nservice.name=" + FallbackResource.ServiceName(env));
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    public OtlpSignalSettings For(OtlpSignal signal) => signal == OtlpSignal.Traces ? Traces : Metrics;

    public static OtlpDestination Resolve(Func<string, string?> env, List<string> warnings)
    {
        // Both signals read the general variables: a bad one is one warning, not one per signal.
        var found = new List<string>();
        var traces = ResolveSignal(env, OtlpSignal.Traces, found);
        var metrics = ResolveSignal(env, OtlpSignal.Metrics, found);
        var destination = new OtlpDestination
        {
            Traces = traces,
            Metrics = metrics,
            ServiceName = FallbackResource.ServiceName(env),
            Temporality = ResolveTemporality(env, found),
            Key = KeyOf(env),
        };
        foreach (var warning in found.Distinct(StringComparer.Ordinal))
        {
            warnings.Add(warning);
        }

        return destination;
    }

    private static OtlpSignalSettings ResolveSignal(Func<string, string?> env, OtlpSignal signal, List<string> warnings)
    {
        var protocol = ResolveProtocol(env, signal, warnings);
        var (endpoint, endpointVariable) = ResolveEndpoint(env, signal, protocol, warnings);
        var (headersText, headersVariable) = OtlpVariables.Read(env, signal, OtlpVariables.Headers);
        var (certificate, _) = ReadPath(env, signal, OtlpVariables.Certificate, warnings);
        var (clientCertificate, clientCertificateVariable) = ReadPath(env, signal, OtlpVariables.ClientCertificate, warnings);
        var (clientKey, clientKeyVariable) = ReadPath(env, signal, OtlpVariables.ClientKey, warnings);
        if ((clientCertificate is null) != (clientKey is null))
        {
            warnings.Add($"mutual TLS needs both {clientCertificateVariable} and {clientKeyVariable}; no client certificate is sent");
            clientCertificate = clientKey = null;
        }

        return new OtlpSignalSettings
        {
            Signal = signal,
            Protocol = protocol,
            RequestUri = endpoint,
            EndpointVariable = endpointVariable,
            Headers = OtlpHeaders.Parse(headersText, headersVariable, warnings),
            HeadersVariable = headersVariable,
            Timeout = ResolveTimeout(env, signal, warnings),
            Compression = ResolveCompression(env, signal, warnings),
            CertificatePath = certificate,
            ClientCertificatePath = clientCertificate,
            ClientKeyPath = clientKey,
        };
    }

    private static OtlpProtocol ResolveProtocol(Func<string, string?> env, OtlpSignal signal, List<string> warnings)
    {
        var (text, variable) = OtlpVariables.Read(env, signal, OtlpVariables.Protocol);
        switch (text?.ToUpperInvariant())
        {
            case null:
            case "GRPC":
                return OtlpProtocol.Grpc;
            case "HTTP/PROTOBUF":
                return OtlpProtocol.HttpProtobuf;
            case "HTTP/JSON":
                warnings.Add($"{variable} 'http/json' is not supported (the .NET exporters send protobuf); using http/protobuf");
                return OtlpProtocol.HttpProtobuf;
            default:
                warnings.Add($"{variable} {ValueExcerpt.Quoted(text)} is not 'grpc' or 'http/protobuf'; using grpc");
                return OtlpProtocol.Grpc;
        }
    }

    private static (Uri Endpoint, string? Variable) ResolveEndpoint(Func<string, string?> env, OtlpSignal signal, OtlpProtocol protocol, List<string> warnings)
    {
        var specificVariable = OtlpVariables.Specific(signal, OtlpVariables.Endpoint);
        var specific = Trimmed(env(specificVariable));
        var fallback = protocol == OtlpProtocol.Grpc ? GrpcDefault : HttpDefault;
        if (specific is not null)
        {
            if (TryHttpUrl(specific, out var url))
            {
                // A signal-specific endpoint is the full URL for http/protobuf; gRPC always posts to the service method.
                return (protocol == OtlpProtocol.Grpc ? GrpcMethod(url, signal) : url, specificVariable);
            }

            warnings.Add($"{specificVariable} {ValueExcerpt.Quoted(specific)} is not an absolute http or https URL; it is ignored");
        }

        var generalVariable = OtlpVariables.General(OtlpVariables.Endpoint);
        var general = Trimmed(env(generalVariable));
        string? source = null;
        if (general is not null)
        {
            if (TryHttpUrl(general, out _))
            {
                fallback = general;
                source = generalVariable;
            }
            else
            {
                warnings.Add($"{generalVariable} {ValueExcerpt.Quoted(general)} is not an absolute http or https URL; using {fallback}");
            }
        }

        var baseUrl = new Uri(fallback);
        if (protocol == OtlpProtocol.Grpc)
        {
            return (GrpcMethod(baseUrl, signal), source);
        }

        var path = signal == OtlpSignal.Traces ? "v1/traces" : "v1/metrics";
        var text = baseUrl.AbsoluteUri;
        return (new Uri(text.EndsWith('/') ? text + path : text + "/" + path), source);
    }

    private static Uri GrpcMethod(Uri endpoint, OtlpSignal signal)
        => new(endpoint.GetLeftPart(UriPartial.Authority) + (signal == OtlpSignal.Traces ? OtlpSignalSettings.GrpcTracesPath : OtlpSignalSettings.GrpcMetricsPath));

    private static TimeSpan? ResolveTimeout(Func<string, string?> env, OtlpSignal signal, List<string> warnings)
    {
        var (text, variable) = OtlpVariables.Read(env, signal, OtlpVariables.Timeout);
        if (text is null)
        {
            return OtlpSignalSettings.DefaultTimeout;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            // The specification: 0 means no limit. The exit's flush budget and the sender's lifetime still bound it.
            return ms == 0 ? null : TimeSpan.FromMilliseconds(ms);
        }

        warnings.Add($"{variable} {ValueExcerpt.Quoted(text)} is not a whole number of milliseconds (0 for no limit); using {OtlpSignalSettings.DefaultTimeout.TotalMilliseconds:0}");
        return OtlpSignalSettings.DefaultTimeout;
    }

    private static OtlpCompression ResolveCompression(Func<string, string?> env, OtlpSignal signal, List<string> warnings)
    {
        var (text, variable) = OtlpVariables.Read(env, signal, OtlpVariables.Compression);
        switch (text?.ToUpperInvariant())
        {
            case null:
            case "NONE":
                return OtlpCompression.None;
            case "GZIP":
                return OtlpCompression.Gzip;
            default:
                warnings.Add($"{variable} {ValueExcerpt.Quoted(text)} is not 'gzip' or 'none'; using none");
                return OtlpCompression.None;
        }
    }

    private static (string? Path, string Variable) ReadPath(Func<string, string?> env, OtlpSignal signal, string setting, List<string> warnings)
    {
        var (path, variable) = OtlpVariables.Read(env, signal, setting);
        if (path is not null && !File.Exists(path))
        {
            warnings.Add($"{variable} {ValueExcerpt.Quoted(path)} is not a readable file; it is ignored");
            return (null, variable);
        }

        return (path, variable);
    }

    private static OtlpTemporality ResolveTemporality(Func<string, string?> env, List<string> warnings)
    {
        var text = Trimmed(env(OtlpVariables.TemporalityPreference));
        switch (text?.ToUpperInvariant())
        {
            case null:
            case "CUMULATIVE":
                return OtlpTemporality.Cumulative;
            case "DELTA":
            case "LOWMEMORY": // for counters and histograms, the only instruments here, low-memory means delta
                return OtlpTemporality.Delta;
            default:
                warnings.Add($"{OtlpVariables.TemporalityPreference} {ValueExcerpt.Quoted(text)} is not cumulative, delta or lowmemory; using cumulative");
                return OtlpTemporality.Cumulative;
        }
    }

    private static bool TryHttpUrl(string text, out Uri url)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps) && parsed.Host.Length > 0)
        {
            url = parsed;
            return true;
        }

        url = null!;
        return false;
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ulong Fnv1a64(ulong hash, string text)
    {
        foreach (var c in text)
        {
            // UTF-16 code units, low byte then high byte: every distinct text hashes as distinct input.
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }

        return hash;
    }
}
