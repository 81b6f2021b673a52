using System.Diagnostics.Tracing;

namespace Aurora.Instrumentation.Diagnostics;

/// <summary>
/// Self-diagnostics of the core package (listen with dotnet-trace or an EventListener on
/// <c>Aurora-Instrumentation</c>). Every swallowed failure is written here so nothing disappears silently.
/// </summary>
[EventSource(Name = "Aurora-Instrumentation")]
internal sealed class AuroraInstrumentationEventSource : EventSource
{
    public static readonly AuroraInstrumentationEventSource Log = new();

    [Event(1, Level = EventLevel.Warning, Message = "{0}")]
    public void Warning(string message) => WriteEvent(1, message);

    [Event(2, Level = EventLevel.Error, Message = "Swallowed exception in {0}: {1}")]
    public void SwallowedException(string where, string exception) => WriteEvent(2, where, exception);

    [NonEvent]
    public void SwallowedException(string where, Exception exception)
    {
        if (IsEnabled(EventLevel.Error, EventKeywords.All))
        {
            SwallowedException(where, exception.ToString());
        }
    }
}
