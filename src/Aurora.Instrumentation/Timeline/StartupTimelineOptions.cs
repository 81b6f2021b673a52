using System.Diagnostics;

namespace Aurora.Instrumentation;

/// <summary>Options for <see cref="StartupTimeline.Start(string, StartupTimelineOptions?)"/>. Every member has a sensible default.</summary>
public sealed class StartupTimelineOptions
{
    /// <summary>The clock (fake it in tests). Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>When the process started. Default: the operating system's record for this process.</summary>
    public DateTimeOffset? ProcessStartTime { get; set; }

    /// <summary>
    /// Where to write this run's JSON report when the timeline is disposed. Default: the
    /// <c>AURORA_STARTUP_REPORT</c> environment variable; no report when neither is set.
    /// </summary>
    public string? ReportPath { get; set; }

    /// <summary>
    /// Record the name of every assembly loaded during each phase as a span event and in the report
    /// (<see cref="StartupTimeline.AssembliesLoadedBeforeReady"/>). Off by default: it costs an allocation per load.
    /// <c>AURORA_RECORD_ASSEMBLY_LOADS=1</c> in the environment switches it on too (a test harness does that for one run).
    /// </summary>
    public bool RecordAssemblyLoads { get; set; }

    /// <summary>
    /// The parent of the root span. Default: <c>TRACEPARENT</c>/<c>TRACESTATE</c> from the environment, when present and valid.
    /// </summary>
    public ActivityContext? Parent { get; set; }

    /// <summary>
    /// Budgets set in code. A budget file (<see cref="BudgetFilePath"/> or <c>AURORA_BUDGETS</c>) is layered on top:
    /// its entry for a command and phase replaces the one from code. Default: none.
    /// </summary>
    public BudgetSet? Budgets { get; set; }

    /// <summary>
    /// The app's default budget file (<c>aurora.budgets.json</c>). The <c>AURORA_BUDGETS</c> environment variable, when
    /// set, overrides it. A missing or broken file is reported (with file, line and key) and never stops the app.
    /// </summary>
    public string? BudgetFilePath { get; set; }

    /// <summary>
    /// What the budget checker does. Default (<c>null</c>): the <c>AURORA_BUDGET_MODE</c> environment variable
    /// (<c>warn</c>, <c>strict</c> or <c>off</c>), else <see cref="Instrumentation.BudgetMode.Warn"/>.
    /// </summary>
    public BudgetMode? BudgetMode { get; set; }

    /// <summary>
    /// Keep every phase for <see cref="StartupTimeline.CreateReport"/> even when nothing else consumes them. By default a
    /// timeline records phases only while something does — a listener on the <c>Aurora.Startup</c> source or meter, a
    /// report path, or budgets — and otherwise a phase costs about as much as an unobserved <c>StartActivity</c>, so the
    /// instrumentation can stay in production code for free. Turn this on when the app reads the report itself.
    /// </summary>
    public bool RecordWhenUnobserved { get; set; }

    /// <summary>
    /// Whether the timeline creates the <c>Aurora.Startup</c> <see cref="ActivitySource"/> and <c>Meter</c> and emits
    /// spans and metrics through them. Default (<c>null</c>): yes, for <see cref="StartupTimeline.Start"/>; for a
    /// timeline started by the OpenTelemetry package's <c>AuroraTelemetry</c>, only when its telemetry is not off.
    /// <para>
    /// <c>false</c> leaves the phases timed for the report, budgets and lazies, and saves the first
    /// <see cref="ActivitySource"/> or <c>Meter</c> of the process: where EventSource is supported (the default
    /// everywhere but Native AOT) that first one initialises the runtime's DiagnosticSource event source, 10–20 ms
    /// under the JIT. Set it to <c>true</c> when the app attaches its own listener or tracer provider to
    /// <c>Aurora.Startup</c> while <c>AuroraTelemetry</c> is off.
    /// </para>
    /// </summary>
    public bool? EmitTelemetry { get; set; }

    /// <summary>Where warnings go. Default: one line on standard error.</summary>
    public IStartupMessageSink? MessageSink { get; set; }

    /// <summary>
    /// No background creation of the meter's instruments: tests play that thread's part themselves
    /// (<see cref="StartupTimeline.OnInstrumentsCreated"/>), or leave it to <see cref="StartupTimeline.Dispose"/>.
    /// </summary>
    internal bool CreateInstrumentsManually { get; set; }

    /// <summary>Room for this many phases before the timeline's record array grows (benchmarks open thousands).</summary>
    internal int InitialPhaseCapacity { get; set; } = 16;

    /// <summary>Sets the process exit code when a strict run fails its budgets; replaced in tests so the test host keeps its own.</summary>
    internal Action<int> SetExitCode { get; set; } = static code =>
    {
        // An exit code the app already chose says more than ours.
        if (Environment.ExitCode == 0)
        {
            Environment.ExitCode = code;
        }
    };

    /// <summary>
    /// Builds this timeline's spans from its own records for a collector (the OpenTelemetry package's command-line
    /// export) instead of, or besides, emitting activities: the timeline then keeps W3C ids and nesting in its records
    /// and tells the observer when a span ends; the collector takes them with <see cref="StartupTimeline.CollectEndedSpans"/>.
    /// </summary>
    internal Timeline.ISpanRecordObserver? SpanObserver { get; set; }

    /// <summary>Reads an environment variable; replaced in tests.</summary>
    internal Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;
}
