using System.Collections.Concurrent;
using System.Diagnostics;

namespace Aurora.Instrumentation.Tests.Support;

/// <summary>
/// Records every stopped Aurora.Startup activity. Listeners are process-wide and tests run in parallel, so
/// callers filter by the trace id of their own timeline (<see cref="SpansOf"/>).
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public SpanRecorder(ActivitySamplingResult sampling = ActivitySamplingResult.AllDataAndRecorded)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AuroraStartup.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => sampling,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Every stopped span so far, whatever its trace (for tests that run alone, in the <c>ListenerIsolation</c> collection).</summary>
    public IReadOnlyCollection<Activity> Stopped => _stopped;

    public IReadOnlyList<Activity> SpansOf(StartupTimeline timeline)
    {
        var traceId = timeline.RootActivity?.TraceId ?? throw new InvalidOperationException("the timeline has no root span");
        return _stopped.Where(a => a.TraceId == traceId).ToList();
    }

    public Activity Single(StartupTimeline timeline, string operationName)
        => Assert.Single(SpansOf(timeline), a => a.OperationName == operationName);

    public void Dispose() => _listener.Dispose();
}
