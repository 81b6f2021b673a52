namespace Aurora.Instrumentation.OpenTelemetry.Otlp;

/// <summary>
/// The standard OTLP exporter variables, read with the specification's precedence: the signal-specific variable
/// (<c>OTEL_EXPORTER_OTLP_TRACES_X</c>, <c>OTEL_EXPORTER_OTLP_METRICS_X</c>) wins over the general one
/// (<c>OTEL_EXPORTER_OTLP_X</c>). Every OTLP variable name the package reads is built here.
/// </summary>
internal static class OtlpVariables
{
    public const string Endpoint = "ENDPOINT";
    public const string Protocol = "PROTOCOL";
    public const string Headers = "HEADERS";
    public const string Timeout = "TIMEOUT";
    public const string Compression = "COMPRESSION";
    public const string Certificate = "CERTIFICATE";
    public const string ClientKey = "CLIENT_KEY";
    public const string ClientCertificate = "CLIENT_CERTIFICATE";

    public const string TemporalityPreference = "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE";

    private const string Prefix = "OTEL_EXPORTER_OTLP_";

    /// <summary><c>OTEL_EXPORTER_OTLP_&lt;setting&gt;</c>.</summary>
    public static string General(string setting) => Prefix + setting;

    /// <summary><c>OTEL_EXPORTER_OTLP_TRACES_&lt;setting&gt;</c> or <c>OTEL_EXPORTER_OTLP_METRICS_&lt;setting&gt;</c>.</summary>
    public static string Specific(OtlpSignal signal, string setting)
        => Prefix + (signal == OtlpSignal.Traces ? "TRACES_" : "METRICS_") + setting;

    /// <summary>The value in effect for <paramref name="signal"/> (blank counts as unset) and the variable it came from.</summary>
    public static (string? Value, string Variable) Read(Func<string, string?> env, OtlpSignal signal, string setting)
    {
        var specific = Specific(signal, setting);
        var value = NullIfBlank(env(specific));
        if (value is not null)
        {
            return (value, specific);
        }

        var general = General(setting);
        return (NullIfBlank(env(general)), general);
    }

    /// <summary>Whether an endpoint variable names a collector (what <c>AURORA_TELEMETRY=auto</c> switches OTLP on for).</summary>
    public static bool AnyEndpointSet(Func<string, string?> env)
        => NullIfBlank(env(General(Endpoint))) is not null
            || NullIfBlank(env(Specific(OtlpSignal.Traces, Endpoint))) is not null
            || NullIfBlank(env(Specific(OtlpSignal.Metrics, Endpoint))) is not null;

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
