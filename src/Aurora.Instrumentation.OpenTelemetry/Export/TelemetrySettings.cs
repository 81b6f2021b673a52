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
    public const string AfterExitVariable = "AURORA_EXPORT_AFTER_EXIT";

    public static readonly TimeSpan InteractiveFlushBudget = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan CiFlushBudget = TimeSpan.FromMilliseconds(2000);

    private const int MaxFlushMilliseconds = 60_000;

    public required AuroraTelemetryMode Mode { get; init; }

    public required TimeSpan FlushBudget { get; init; }

    /// <summary>The spool root (each destination has its own folder under it); <c>null</c> when nothing is persisted.</summary>
    public string? SpoolDirectory { get; init; }

    /// <summary>What sends what a run leaves behind (<see cref="AfterExitVariable"/>).</summary>
    public SenderPriority AfterExit { get; init; }

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
            mode = Otlp.OtlpVariables.AnyEndpointSet(env) ? AuroraTelemetryMode.Otlp : AuroraTelemetryMode.Off;
        }

        if (mode == AuroraTelemetryMode.Off)
        {
            return new TelemetrySettings { Mode = mode, FlushBudget = TimeSpan.Zero, Warnings = warnings };
        }

        var flush = options.FlushBudget is { } given
            ? Clamp(given)
            : ParseFlush(env(FlushVariable), DefaultFlush(mode, env), warnings);
        // The OTLP destination (endpoints, headers, TLS…) is resolved on the export thread (Otlp.OtlpDestination): Uri
        // parsing has no business on the critical path.
        var spool = mode == AuroraTelemetryMode.Otlp ? (options.SpoolDirectory ?? DefaultSpoolDirectory(env)) : null;
        var sampler = TraceSampler.Resolve(env, warnings);
        return new TelemetrySettings { Mode = mode, FlushBudget = flush, SpoolDirectory = spool, Sampler = sampler, AfterExit = ResolveAfterExit(env, warnings), Warnings = warnings };
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

    /// <summary>Also read by the detached sender itself, from the environment it inherited.</summary>
    internal static SenderPriority ResolveAfterExit(Func<string, string?> env, List<string>? warnings)
    {
        var text = NullIfBlank(env(AfterExitVariable));
        switch (text?.ToUpperInvariant())
        {
            case null:
                return IsCi(env) ? SenderPriority.Normal : SenderPriority.Idle;
            case "IDLE":
                return SenderPriority.Idle;
            case "NORMAL":
                return SenderPriority.Normal;
            case "OFF":
                return SenderPriority.Off;
            default:
                warnings?.Add($"{AfterExitVariable} {ValueExcerpt.Quoted(text)} is not idle, normal or off; using idle");
                return SenderPriority.Idle;
        }
    }

    private static TimeSpan DefaultFlush(AuroraTelemetryMode mode, Func<string, string?> env)
    {
        if (mode == AuroraTelemetryMode.Console)
        {
            return CiFlushBudget;
        }

        return IsCi(env) ? CiFlushBudget : InteractiveFlushBudget;
    }

    private static bool IsCi(Func<string, string?> env)
    {
        var ci = NullIfBlank(env("CI"));
        return ci is not null && !string.Equals(ci, "false", StringComparison.OrdinalIgnoreCase) && ci != "0";
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

        warnings.Add($"{FlushVariable} {ValueExcerpt.Quoted(text)} is not a whole number of milliseconds between 0 and {MaxFlushMilliseconds}; using {fallback.TotalMilliseconds:0} ms");
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
                warnings.Add($"{TelemetryVariable} {ValueExcerpt.Quoted(text)} is not one of auto, otlp, console, off; using auto");
                return AuroraTelemetryMode.Auto;
        }
    }

    private static bool IsTrue(string? text) => string.Equals(NullIfBlank(text), "true", StringComparison.OrdinalIgnoreCase);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
