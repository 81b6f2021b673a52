using System.Globalization;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// Everything <see cref="AuroraTelemetry"/> reads from options and environment, resolved once. Bad values never
/// throw: each adds one warning naming the variable, the bad value's problem and the default used.
/// </summary>
internal sealed class TelemetrySettings
{
    public const string TelemetryVariable = "AURORA_TELEMETRY";
    public const string FlushVariable = "AURORA_EXPORT_FLUSH_MS";
    public const string SpoolVariable = "AURORA_SPOOL_DIR";
    public const string SdkDisabledVariable = "OTEL_SDK_DISABLED";

    public static readonly TimeSpan InteractiveFlushBudget = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan CiFlushBudget = TimeSpan.FromMilliseconds(2000);

    private const int MaxFlushMilliseconds = 60_000;

    public required AuroraTelemetryMode Mode { get; init; }

    public required TimeSpan FlushBudget { get; init; }

    public string? SpoolDirectory { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary><c>OTEL_TRACES_SAMPLER</c>/<c>_ARG</c>, applied by the listener on the app's threads.</summary>
    public TraceSampler Sampler { get; init; } = TraceSampler.Default;

    public static TelemetrySettings Resolve(AuroraTelemetryOptions options)
    {
        var env = options.GetEnvironmentVariable;
        var warnings = new List<string>();

        var mode = options.Mode ?? ParseMode(env(TelemetryVariable), warnings);
        if (IsTrue(env(SdkDisabledVariable)))
        {
            mode = AuroraTelemetryMode.Off;
        }

        if (mode == AuroraTelemetryMode.Auto)
        {
            mode = HasEndpointVariable(env) ? AuroraTelemetryMode.Otlp : AuroraTelemetryMode.Off;
        }

        if (mode == AuroraTelemetryMode.Off)
        {
            return new TelemetrySettings { Mode = mode, FlushBudget = TimeSpan.Zero, Warnings = warnings };
        }

        var flush = options.FlushBudget is { } given
            ? Clamp(given)
            : ParseFlush(env(FlushVariable), DefaultFlush(mode, env), warnings);
        // The OTLP endpoint, headers and timeout are resolved on the export thread (ResolveOtlp): Uri parsing has no
        // business on the critical path.
        var spool = mode == AuroraTelemetryMode.Otlp ? (options.SpoolDirectory ?? DefaultSpoolDirectory(env)) : null;
        var sampler = TraceSampler.Resolve(env, warnings);
        return new TelemetrySettings { Mode = mode, FlushBudget = flush, SpoolDirectory = spool, Sampler = sampler, Warnings = warnings };
    }

    internal static OtlpTarget ResolveOtlp(Func<string, string?> env, List<string> warnings)
    {
        var signalProtocol = NullIfBlank(env("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"));
        var protocolText = signalProtocol ?? NullIfBlank(env("OTEL_EXPORTER_OTLP_PROTOCOL"));
        var protocol = OtlpProtocol.Grpc;
        if (protocolText is not null)
        {
            switch (protocolText.ToUpperInvariant())
            {
                case "GRPC":
                    protocol = OtlpProtocol.Grpc;
                    break;
                case "HTTP/PROTOBUF":
                    protocol = OtlpProtocol.HttpProtobuf;
                    break;
                default:
                    warnings.Add($"OTEL_EXPORTER_OTLP_PROTOCOL '{protocolText}' is not 'grpc' or 'http/protobuf'; using grpc");
                    break;
            }
        }

        var signalEndpoint = NullIfBlank(env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
        var generalEndpoint = NullIfBlank(env("OTEL_EXPORTER_OTLP_ENDPOINT"));
        var defaultBase = protocol == OtlpProtocol.Grpc ? "http://localhost:4317" : "http://localhost:4318";
        Uri endpoint;
        var signalSpecific = false;
        if (signalEndpoint is not null && TryAbsolute(signalEndpoint, out var signalUri))
        {
            endpoint = signalUri;
            signalSpecific = true;
        }
        else
        {
            if (signalEndpoint is not null)
            {
                warnings.Add("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is not an absolute http(s) URL; ignored");
            }

            var baseText = defaultBase;
            if (generalEndpoint is not null)
            {
                if (TryAbsolute(generalEndpoint, out _))
                {
                    baseText = generalEndpoint;
                }
                else
                {
                    warnings.Add($"OTEL_EXPORTER_OTLP_ENDPOINT is not an absolute http(s) URL; using {defaultBase}");
                }
            }

            endpoint = protocol == OtlpProtocol.HttpProtobuf
                ? new Uri(baseText.EndsWith('/') ? baseText + "v1/traces" : baseText + "/v1/traces")
                : new Uri(baseText);
        }

        var signalHeaders = NullIfBlank(env("OTEL_EXPORTER_OTLP_TRACES_HEADERS"));
        var signalTimeout = NullIfBlank(env("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"));
        var timeoutText = signalTimeout ?? NullIfBlank(env("OTEL_EXPORTER_OTLP_TIMEOUT"));
        var timeout = 10_000;
        if (timeoutText is not null)
        {
            if (int.TryParse(timeoutText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
            {
                timeout = parsed;
            }
            else
            {
                warnings.Add($"OTEL_EXPORTER_OTLP_TIMEOUT '{timeoutText}' is not a positive number of milliseconds; using 10000");
            }
        }

        return new OtlpTarget
        {
            Protocol = protocol,
            ProtocolIsSignalSpecific = signalProtocol is not null,
            TracesEndpoint = endpoint,
            TracesEndpointIsSignalSpecific = signalSpecific,
            TracesHeaders = signalHeaders ?? NullIfBlank(env("OTEL_EXPORTER_OTLP_HEADERS")),
            HeadersAreSignalSpecific = signalHeaders is not null,
            TimeoutMilliseconds = timeout,
            TimeoutIsSignalSpecific = signalTimeout is not null,
        };
    }

    internal static string? DefaultSpoolDirectory(Func<string, string?> env)
    {
        var configured = NullIfBlank(env(SpoolVariable));
        if (configured is not null)
        {
            return configured;
        }

        if (OperatingSystem.IsWindows())
        {
            var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return string.IsNullOrEmpty(local) ? null : Path.Combine(local, "aurora", "telemetry");
        }

        var cache = NullIfBlank(env("XDG_CACHE_HOME"));
        if (cache is not null && Path.IsPathRooted(cache))
        {
            return Path.Combine(cache, "aurora", "telemetry");
        }

        var home = NullIfBlank(env("HOME"));
        return home is null ? null : Path.Combine(home, ".cache", "aurora", "telemetry");
    }

    private static TimeSpan DefaultFlush(AuroraTelemetryMode mode, Func<string, string?> env)
    {
        if (mode == AuroraTelemetryMode.Console)
        {
            return CiFlushBudget;
        }

        var ci = NullIfBlank(env("CI"));
        return ci is not null && !string.Equals(ci, "false", StringComparison.OrdinalIgnoreCase) && ci != "0"
            ? CiFlushBudget
            : InteractiveFlushBudget;
    }

    private static TimeSpan ParseFlush(string? text, TimeSpan fallback, List<string> warnings)
    {
        text = NullIfBlank(text);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0 && ms <= MaxFlushMilliseconds)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        warnings.Add($"{FlushVariable} '{text}' is not a whole number of milliseconds between 0 and {MaxFlushMilliseconds}; using {fallback.TotalMilliseconds:0} ms");
        return fallback;
    }

    private static TimeSpan Clamp(TimeSpan value)
        => value < TimeSpan.Zero ? TimeSpan.Zero : value > TimeSpan.FromMilliseconds(MaxFlushMilliseconds) ? TimeSpan.FromMilliseconds(MaxFlushMilliseconds) : value;

    private static AuroraTelemetryMode ParseMode(string? text, List<string> warnings)
    {
        text = NullIfBlank(text);
        if (text is null)
        {
            return AuroraTelemetryMode.Auto;
        }

        switch (text.ToUpperInvariant())
        {
            case "AUTO":
                return AuroraTelemetryMode.Auto;
            case "OFF":
            case "NONE":
            case "FALSE":
            case "0":
                return AuroraTelemetryMode.Off;
            case "OTLP":
                return AuroraTelemetryMode.Otlp;
            case "CONSOLE":
                return AuroraTelemetryMode.Console;
            default:
                warnings.Add($"{TelemetryVariable} '{text}' is not one of auto, otlp, console, off; using auto");
                return AuroraTelemetryMode.Auto;
        }
    }

    private static bool HasEndpointVariable(Func<string, string?> env)
        => NullIfBlank(env("OTEL_EXPORTER_OTLP_ENDPOINT")) is not null || NullIfBlank(env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) is not null;

    private static bool IsTrue(string? text) => string.Equals(NullIfBlank(text), "true", StringComparison.OrdinalIgnoreCase);

    private static bool TryAbsolute(string text, out Uri uri)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps))
        {
            uri = parsed;
            return true;
        }

        uri = null!;
        return false;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
