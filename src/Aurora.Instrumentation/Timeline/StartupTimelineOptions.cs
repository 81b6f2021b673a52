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
    /// </summary>
    public bool RecordAssemblyLoads { get; set; }

    /// <summary>
    /// The parent of the root span. Default: <c>TRACEPARENT</c>/<c>TRACESTATE</c> from the environment, when present and valid.
    /// </summary>
    public ActivityContext? Parent { get; set; }

    /// <summary>Where warnings go. Default: one line on standard error.</summary>
    public IStartupMessageSink? MessageSink { get; set; }

    /// <summary>Reads an environment variable; replaced in tests.</summary>
    internal Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;
}
