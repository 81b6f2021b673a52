using System.Runtime.CompilerServices;
using Aurora.Instrumentation.OpenTelemetry.Delivery;
using Aurora.Instrumentation.OpenTelemetry.Diagnostics;
using Aurora.Instrumentation.OpenTelemetry.Export;

namespace Aurora.Instrumentation.OpenTelemetry;

/// <summary>
/// One-call telemetry for a command-line app. On the critical path <see cref="Start"/> only reads its settings and the
/// timeline keeps its spans in its own records. With OTLP, the spans and metrics are persisted to the spool shortly
/// after ready (or at exit) and sent from there by a detached sender, or by this run when its flush budget is patient
/// (CI); <see cref="Dispose"/> waits at most the flush budget and never for the network otherwise. Nothing here throws
/// into the app. In a process started as the detached sender, <see cref="Start"/> sends and ends the process.
/// </summary>
/// <example>
/// <code>
/// using var telemetry = AuroraTelemetry.Start();          // before the timeline, first line of Main
/// using var startup = telemetry.StartTimeline("soar");
/// using (startup.BeginPhase(StartupPhases.Config)) { LoadConfig(); }
/// startup.MarkReady();
/// </code>
/// </example>
public sealed class AuroraTelemetry : IDisposable
{
    private readonly TelemetrySettings? _settings;
    private readonly TelemetryHandoff? _handoff;
    private readonly IExport? _export;
    private readonly TextWriter? _summaryWriter;
    private StartupTimeline? _timeline;
    private int _disposed;

    private AuroraTelemetry(AuroraTelemetryMode mode, TelemetrySettings? settings, TelemetryHandoff? handoff, IExport? export, TextWriter? summaryWriter)
    {
        Mode = mode;
        _settings = settings;
        _handoff = handoff;
        _export = export;
        _summaryWriter = summaryWriter;
    }

    /// <summary>What this run does with its telemetry (<see cref="AuroraTelemetryMode.Auto"/> resolved).</summary>
    public AuroraTelemetryMode Mode { get; }

    /// <summary>How long <see cref="Dispose"/> may wait for export.</summary>
    public TimeSpan FlushBudget => _settings?.FlushBudget ?? TimeSpan.Zero;

    /// <summary>The spool root in use (each destination has a folder under it), or <c>null</c> when nothing is persisted (console, off).</summary>
    public string? SpoolDirectory => _settings?.SpoolDirectory;

    /// <summary>
    /// Starts telemetry for this process according to <paramref name="options"/> and the environment
    /// (<c>AURORA_TELEMETRY</c>, <c>OTEL_SDK_DISABLED</c>, <c>OTEL_EXPORTER_OTLP_*</c>, <c>AURORA_EXPORT_FLUSH_MS</c>,
    /// <c>AURORA_SPOOL_DIR</c>). With telemetry off, nothing at all is registered. Never throws.
    /// </summary>
    /// <param name="options">Options; <c>null</c> for the defaults.</param>
    /// <returns>The running telemetry; dispose it at the end of <c>Main</c>.</returns>
    public static AuroraTelemetry Start(AuroraTelemetryOptions? options = null)
    {
        options ??= new AuroraTelemetryOptions();
        if (SenderProcess.IsSender(options.GetEnvironmentVariable))
        {
            // This process is the app started again to send what an earlier run left (Native AOT, or startup hooks
            // switched off): send, then end it before any more of the app runs.
            SenderProcess.RunAndExit(options.GetEnvironmentVariable);
        }

        // The default sink touches Console.Error only when there is something to say.
        var messages = options.MessageSink ?? new StandardErrorMessageSink();
        try
        {
            var settings = TelemetrySettings.Resolve(options);
            foreach (var warning in settings.Warnings)
            {
                messages.Write(new StartupMessage(StartupMessageLevel.Warning, warning));
            }

            if (settings.Mode == AuroraTelemetryMode.Off)
            {
                return new AuroraTelemetry(AuroraTelemetryMode.Off, settings, null, null, null);
            }

            var handoff = new TelemetryHandoff(settings.Sampler);
            IExport export = settings.Mode == AuroraTelemetryMode.Console
                ? new ConsoleExport(handoff, messages)
                : new SpoolExport(settings, handoff, options.GetEnvironmentVariable, messages, options.SenderLauncher);

            export.Attach();
            if (settings.Mode == AuroraTelemetryMode.Console)
            {
                // The SDK's console exporter prints activities; OTLP builds the spans from the timeline's records.
                handoff.ListenToActivities();
            }

            var summary = settings.Mode == AuroraTelemetryMode.Console ? SummaryWriter(options) : null;
            return new AuroraTelemetry(settings.Mode, settings, handoff, export, summary);
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(Start), ex);
            return new AuroraTelemetry(AuroraTelemetryMode.Off, null, null, null, null);
        }
    }

    /// <summary>Its own method: compiling one that mentions <see cref="Console"/> loads System.Console, which only console mode needs.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TextWriter SummaryWriter(AuroraTelemetryOptions options) => options.SummaryWriter ?? Console.Error;

    /// <summary>
    /// Starts the startup timeline of <paramref name="command"/> (<see cref="StartupTimeline.Start"/>) and remembers
    /// it, so that console mode can print its summary at <see cref="Dispose"/>. With OTLP the export builds the spans
    /// from the timeline's own records, and with telemetry off nothing is exported: in both, the timeline creates no
    /// activity, source or meter unless <see cref="StartupTimelineOptions.EmitTelemetry"/> says otherwise (it is set to
    /// <c>false</c> when left unset), because the first <c>Activity</c> of a process costs ~9 ms even precompiled and
    /// the first <c>ActivitySource</c> 10–20 ms more where EventSource is supported. <see cref="StartupTimeline.RootActivity"/>
    /// is then <c>null</c>; the trace id is in <see cref="StartupTimeline.CreateReport"/>. Console mode emits activities
    /// (the SDK's console exporter prints them). The report, budgets and lazies work the same in every mode.
    /// </summary>
    /// <param name="command">The command being started, e.g. <c>soar</c>.</param>
    /// <param name="options">Timeline options; <c>null</c> for the defaults.</param>
    /// <returns>The timeline; dispose it before this object (a <c>using</c> declaration after this one does that).</returns>
    public StartupTimeline StartTimeline(string command, StartupTimelineOptions? options = null)
    {
        var fromRecords = Mode == AuroraTelemetryMode.Otlp && _handoff is not null;
        if (Mode == AuroraTelemetryMode.Off || fromRecords)
        {
            options ??= new StartupTimelineOptions();
            options.EmitTelemetry ??= false;
        }

        if (fromRecords)
        {
            options!.SpanObserver = _handoff;
        }

        var timeline = StartupTimeline.Start(command, options);
        if (fromRecords)
        {
            _handoff!.Attach(timeline);
        }

        _timeline = timeline;
        return timeline;
    }

    /// <summary>
    /// Ends telemetry: waits at most <see cref="FlushBudget"/> for the export to be confirmed, persists what was not
    /// to the spool, and in console mode writes the startup summary. Never throws.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _handoff?.Close();
            _export?.Shutdown(FlushBudget);
            if (_summaryWriter is not null && _timeline is not null)
            {
                StartupSummary.Write(_timeline.CreateReport(), _summaryWriter);
            }
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(Dispose), ex);
        }
    }
}
