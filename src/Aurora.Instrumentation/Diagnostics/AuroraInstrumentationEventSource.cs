using System.Diagnostics.Tracing;

namespace Aurora.Instrumentation.Diagnostics;

/// <summary>
/// Self-diagnostics of the core package (listen with dotnet-trace or an EventListener on
/// <c>Aurora-Instrumentation</c>). Every swallowed failure is written here so nothing disappears silently. With
/// <c>AURORA_PHASE_EVENTS=1</c> the timeline also writes when each phase begins and ends and when it is ready
/// (<see cref="Keywords.Phases"/>): a sampling profiler reading the same EventPipe session sees which phase is open on
/// which thread, on the session's own clock.
/// </summary>
[EventSource(Name = "Aurora-Instrumentation")]
internal sealed class AuroraInstrumentationEventSource : EventSource
{
    public static readonly AuroraInstrumentationEventSource Log = new();

    [Event(1, Level = EventLevel.Warning, Message = "{0}")]
    public void Warning(string message) => WriteEvent(1, message);

    [Event(2, Level = EventLevel.Error, Message = "Swallowed exception in {0}: {1}")]
    public void SwallowedException(string where, string exception) => WriteEvent(2, where, exception);

    /// <summary>A phase began on the calling thread; <paramref name="index"/> pairs it with its <see cref="PhaseEnded"/>.</summary>
    [Event(3, Level = EventLevel.Informational, Keywords = Keywords.Phases, Message = "phase {0} ({1}) began")]
    public void PhaseBegan(string phase, int index, int background) => WriteEvent(3, phase, index, background);

    /// <summary>A phase ended on the calling thread (the runtime phase ends when the timeline starts).</summary>
    [Event(4, Level = EventLevel.Informational, Keywords = Keywords.Phases, Message = "phase {0} ({1}) ended")]
    public void PhaseEnded(string phase, int index) => WriteEvent(4, phase, index);

    /// <summary>The ready milestone was marked on the calling thread.</summary>
    [Event(5, Level = EventLevel.Informational, Keywords = Keywords.Phases, Message = "ready: {0}")]
    public void ReadyMarked(string milestone) => WriteEvent(5, milestone);

    [NonEvent]
    public void SwallowedException(string where, Exception exception)
    {
        if (IsEnabled(EventLevel.Error, EventKeywords.All))
        {
            SwallowedException(where, exception.ToString());
        }
    }

    /// <summary>The event groups a session can ask for.</summary>
    public static class Keywords
    {
        /// <summary>Phase begin/end and ready (only written with <c>AURORA_PHASE_EVENTS=1</c>).</summary>
        public const EventKeywords Phases = (EventKeywords)0x1;
    }
}
