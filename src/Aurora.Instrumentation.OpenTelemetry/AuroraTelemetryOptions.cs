namespace Aurora.Instrumentation.OpenTelemetry;

/// <summary>
/// Options for <see cref="AuroraTelemetry.Start(AuroraTelemetryOptions?)"/>. Every member defaults to its environment
/// variable, then to a sensible default; a value set here wins over the environment.
/// </summary>
public sealed class AuroraTelemetryOptions
{
    /// <summary>Where telemetry goes. Default: <c>AURORA_TELEMETRY</c>, then <see cref="AuroraTelemetryMode.Auto"/>.</summary>
    public AuroraTelemetryMode? Mode { get; set; }

    /// <summary>
    /// How long <see cref="AuroraTelemetry.Dispose"/> may wait for export at exit. Default: <c>AURORA_EXPORT_FLUSH_MS</c>,
    /// then 50 ms for interactive runs and 2 s when <c>CI</c> is set (2 s in console mode).
    /// </summary>
    public TimeSpan? FlushBudget { get; set; }

    /// <summary>
    /// Where telemetry that could not be sent is persisted. Default: <c>AURORA_SPOOL_DIR</c>, then
    /// <c>$XDG_CACHE_HOME/aurora/telemetry</c> or <c>~/.cache/aurora/telemetry</c> (the local application data folder on Windows).
    /// </summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>Where warnings about bad settings go. Default: one line on standard error.</summary>
    public IStartupMessageSink? MessageSink { get; set; }

    /// <summary>Where the console-mode summary goes. Default: standard error.</summary>
    public TextWriter? SummaryWriter { get; set; }

    /// <summary>Starts the detached sender; replaced in tests (<c>null</c>: the real one, where the platform has it).</summary>
    internal Func<Delivery.ISenderLauncher?>? SenderLauncher { get; set; }

    /// <summary>Reads an environment variable; replaced in tests.</summary>
    internal Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;
}
