using System.Diagnostics.Tracing;

namespace Aurora.Instrumentation.OpenTelemetry.Diagnostics;

/// <summary>
/// Self-diagnostics of the export package (listen with dotnet-trace or an EventListener on
/// <c>Aurora-Instrumentation-OpenTelemetry</c>). Never carries headers or other secrets: endpoints are logged as
/// scheme, host and port only.
/// </summary>
[EventSource(Name = "Aurora-Instrumentation-OpenTelemetry")]
internal sealed class AuroraOpenTelemetryEventSource : EventSource
{
    public static readonly AuroraOpenTelemetryEventSource Log = new();

    [Event(1, Level = EventLevel.Warning, Message = "{0}")]
    public void Warning(string message) => WriteEvent(1, message);

    [Event(2, Level = EventLevel.Error, Message = "Swallowed exception in {0}: {1}")]
    public void SwallowedException(string where, string exception) => WriteEvent(2, where, exception);

    [Event(3, Level = EventLevel.Informational, Message = "Exported {0} spans ({1}): {2}")]
    public void SpansExported(int count, string route, bool success) => WriteEvent(3, count, route, success);

    [Event(4, Level = EventLevel.Informational, Message = "Spooled {0} spans to {1}")]
    public void SpansSpooled(int count, string file) => WriteEvent(4, count, file);

    [Event(5, Level = EventLevel.Informational, Message = "Spool file {0} sent to the collector: {1} ({2})")]
    public void SpoolFileSent(string file, string outcome, string status) => WriteEvent(5, file, outcome, status);

    [Event(6, Level = EventLevel.Warning, Message = "Spool file {0} quarantined: {1}")]
    public void SpoolFileQuarantined(string file, string reason) => WriteEvent(6, file, reason);

    [Event(7, Level = EventLevel.Informational, Message = "Pipeline built in {0} ms (mode {1})")]
    public void PipelineBuilt(double milliseconds, string mode) => WriteEvent(7, milliseconds, mode);

    [Event(8, Level = EventLevel.Informational, Message = "Exit (flush budget {0} ms) persisted {1} spans for the sender")]
    public void FlushBudgetElapsed(int budgetMs, int pending) => WriteEvent(8, budgetMs, pending);

    [NonEvent]
    public void SwallowedException(string where, Exception exception)
    {
        if (IsEnabled(EventLevel.Error, EventKeywords.All))
        {
            SwallowedException(where, exception.ToString());
        }
    }
}
