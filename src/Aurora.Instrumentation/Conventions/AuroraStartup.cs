namespace Aurora.Instrumentation;

/// <summary>The names of the <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/> (contract v1).</summary>
public static class AuroraStartup
{
    /// <summary>Name of the activity source that emits <c>aurora.startup</c> and <c>startup.&lt;phase&gt;</c> spans.</summary>
    public const string SourceName = "Aurora.Startup";

    /// <summary>Name of the meter that emits the <c>aurora.startup.*</c> metrics.</summary>
    public const string MeterName = "Aurora.Startup";

    /// <summary>Name of the root span (process start → ready milestone).</summary>
    public const string RootSpanName = "aurora.startup";

    /// <summary>Prefix of every phase span: <c>startup.&lt;phase&gt;</c>.</summary>
    public const string PhaseSpanPrefix = "startup.";
}
