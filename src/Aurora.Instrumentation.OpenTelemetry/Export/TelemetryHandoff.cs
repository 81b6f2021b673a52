using System.Diagnostics;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// The only part of the export that runs on the app's threads: an <see cref="ActivityListener"/> on
/// <c>Aurora.Startup</c> that queues stopped spans for the export thread (metrics are derived from the spans there,
/// sampled or not; only the spans the <see cref="TraceSampler"/> kept are exported). A few hundred nanoseconds per
/// span; no SDK, no serialisation, no I/O.
/// </summary>
internal sealed class TelemetryHandoff : IDisposable
{
    private readonly object _gate = new();
    private readonly ActivityListener _activities;
    private List<Activity> _spans = new(16);
    private bool _rootStopped;
    private bool _closed;
    private Action? _onRootStopped;

    public TelemetryHandoff(TraceSampler sampler)
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AuroraStartup.SourceName,
            Sample = sampler.Sample,
            ActivityStopped = OnStopped,
        };
    }

    /// <summary>The lock the export thread waits on; pulsed whenever something arrives.</summary>
    public object Gate => _gate;

    /// <summary>Called once, on the thread that ends the root span (the ready milestone), outside the lock.</summary>
    public void OnRootStopped(Action callback) => _onRootStopped = callback;

    public void Start()
    {
        ActivitySource.AddActivityListener(_activities);
    }

    /// <summary>Whether anything is waiting. Call under <see cref="Gate"/>.</summary>
    public bool HasPendingUnderLock => _spans.Count > 0;

    public bool RootStoppedUnderLock => _rootStopped;

    /// <summary>Takes the queued spans. Call under <see cref="Gate"/>.</summary>
    public List<Activity>? TakeSpansUnderLock()
    {
        if (_spans.Count == 0)
        {
            return null;
        }

        var taken = _spans;
        _spans = new List<Activity>(8);
        return taken;
    }

    /// <summary>
    /// Stops queueing (exit). The listeners themselves are disposed later by the export thread: disposing them takes
    /// runtime-wide locks the SDK may be holding while it builds, and exit must not wait for that.
    /// </summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    public void Dispose()
    {
        _activities.Dispose();
    }

    private void OnStopped(Activity activity)
    {
        // Every span of our source is all-data (the sampler decides only whether it is recorded); anything less came
        // from another listener's decision and carries no attributes to derive metrics from.
        if (!activity.IsAllDataRequested)
        {
            return;
        }

        var rootNow = false;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _spans.Add(activity);
            if (activity.OperationName == AuroraStartup.RootSpanName && !_rootStopped)
            {
                _rootStopped = true;
                rootNow = true;
            }

            Monitor.Pulse(_gate);
        }

        if (rootNow)
        {
            _onRootStopped?.Invoke();
        }
    }
}
