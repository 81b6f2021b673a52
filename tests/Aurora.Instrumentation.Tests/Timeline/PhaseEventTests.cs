using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Aurora.Instrumentation.Tests.Budgets;
using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Timeline;

/// <summary>
/// With <c>AURORA_PHASE_EVENTS=1</c> the timeline writes phase begin/end and ready on its EventSource, on the thread
/// that opened or closed the phase (what a profiler reading the same EventPipe session attributes samples by);
/// without it, nothing. The EventSource is process-wide, so these run with the other listener tests.
/// </summary>
[Collection(ListenerIsolation.Name)]
public sealed class PhaseEventTests
{
    [Fact]
    public void Phase_events_name_each_phase_once_on_the_thread_that_began_and_ended_it()
    {
        using var listener = new PhaseEventListener();
        var clock = TestTimelines.NewClock();
        var command = TestTimelines.UniqueCommand();
        var mainThread = Environment.CurrentManagedThreadId;
        int backgroundThread;
        using (var timeline = StartupTimeline.Start(command, TestTimelines.Options(clock, environment: new() { ["AURORA_PHASE_EVENTS"] = "1" })))
        {
            using (timeline.BeginPhase(StartupPhases.Config))
            {
                clock.Advance(TimeSpan.FromMilliseconds(5));
            }

            var background = new Thread(() =>
            {
                var scope = timeline.BeginBackgroundPhase(StartupPhases.ModelLoad);
                scope.Dispose();
                scope.Dispose();
            });
            background.Start();
            Assert.True(background.Join(TimeSpan.FromSeconds(10)));
            backgroundThread = background.ManagedThreadId;
            timeline.MarkReady();
            timeline.MarkReady();
        }

        var events = listener.Events.Where(e => e.Thread == mainThread || e.Thread == backgroundThread).ToList();
        Assert.Equal(
            [
                ("PhaseEnded", "runtime", mainThread),
                ("PhaseBegan", "config", mainThread),
                ("PhaseEnded", "config", mainThread),
                ("PhaseBegan", "model_load", backgroundThread),
                ("PhaseEnded", "model_load", backgroundThread),
                ("ReadyMarked", "first_llm_call", mainThread),
            ],
            events.Select(e => (e.Name, e.Subject, e.Thread)));
        Assert.Equal(events[1].Index, events[2].Index);
        Assert.Equal(events[3].Index, events[4].Index);
        Assert.NotEqual(events[1].Index, events[3].Index);
        Assert.Equal(0, events[1].Background);
        Assert.Equal(1, events[3].Background);
    }

    [Fact]
    public void Without_the_variable_no_phase_event_is_written()
    {
        using var listener = new PhaseEventListener();
        var clock = TestTimelines.NewClock();
        var mainThread = Environment.CurrentManagedThreadId;
        using (var timeline = StartupTimeline.Start(TestTimelines.UniqueCommand(), TestTimelines.Options(clock)))
        {
            timeline.BeginPhase(StartupPhases.Config).Dispose();
            timeline.MarkReady();
        }

        Assert.DoesNotContain(listener.Events, e => e.Thread == mainThread);
    }

    private sealed record PhaseEvent(string Name, string Subject, int Index, int Background, int Thread);

    private sealed class PhaseEventListener : EventListener
    {
        public ConcurrentQueue<PhaseEvent> Events { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Aurora-Instrumentation")
            {
                EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName is "PhaseBegan" or "PhaseEnded" or "ReadyMarked" && eventData.Payload is { Count: > 0 } payload)
            {
                var index = payload.Count > 1 ? (int)payload[1]! : -1;
                var background = payload.Count > 2 ? (int)payload[2]! : -1;
                Events.Enqueue(new PhaseEvent(eventData.EventName, (string)payload[0]!, index, background, Environment.CurrentManagedThreadId));
            }
        }
    }
}
