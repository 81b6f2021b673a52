using System.Diagnostics;
using Aurora.Instrumentation.OpenTelemetry.Metrics;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// The only part of the export that runs on the app's threads, and it only notes that a span ended. With OTLP, the
/// timelines started through <see cref="AuroraTelemetry.StartTimeline"/> keep their spans in their own records
/// (<see cref="ISpanRecordObserver"/>) and the export thread, or the exit, collects them: no <see cref="Activity"/> and
/// no <see cref="ActivityListener"/> before ready. In console mode an <see cref="ActivityListener"/> on
/// <c>Aurora.Startup</c> queues the stopped activities instead, because the SDK's console exporter prints activities.
/// Either way the export thread receives <see cref="StartupSpanData"/>; every span feeds the metrics, and only the
/// ones the <see cref="TraceSampler"/> keeps are exported.
/// </summary>
internal sealed class TelemetryHandoff : ISpanRecordObserver, IDisposable
{
    private readonly object _gate = new();
    private readonly TraceSampler _sampler;
    private readonly List<StartupTimeline> _timelines = [];
    private ActivityListener? _listener;
    private SpanBatch _batch = new();

    /// <summary>Console mode: stopped activities, turned into span data by whoever takes them (not on the app's thread).</summary>
    private List<Activity>? _activities;
    private bool _recordsPending;
    private bool _rootStopped;
    private bool _closed;
    private Action? _onRootStopped;

    public TelemetryHandoff(TraceSampler sampler)
    {
        _sampler = sampler;
    }

    /// <summary>The lock the export thread waits on; pulsed whenever something arrives.</summary>
    public object Gate => _gate;

    /// <summary>Called once, on the thread that ends the root span (the ready milestone), outside the lock.</summary>
    public void OnRootStopped(Action callback) => _onRootStopped = callback;

    /// <summary>Console mode: listen to <c>Aurora.Startup</c> activities.</summary>
    public void ListenToActivities()
    {
        _activities = new List<Activity>(16);
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AuroraStartup.SourceName,
            Sample = _sampler.Sample,
            ActivityStopped = OnActivityStopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Collects the spans of <paramref name="timeline"/>, which was started with this as its <see cref="StartupTimelineOptions.SpanObserver"/>.</summary>
    public void Attach(StartupTimeline timeline)
    {
        lock (_gate)
        {
            _timelines.Add(timeline);
            _recordsPending = true; // the runtime phase ended inside Start
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Whether anything is waiting. Call under <see cref="Gate"/>.</summary>
    public bool HasPendingUnderLock => !_batch.IsEmpty || _recordsPending || _activities is { Count: > 0 };

    public bool RootStoppedUnderLock => _rootStopped;

    /// <summary>
    /// Takes the queued spans and collects the timelines' ended ones, each span once, with the measurements they give.
    /// Call under <see cref="Gate"/>; <c>null</c> when there is nothing.
    /// </summary>
    public SpanBatch? TakeSpansUnderLock()
    {
        if (_recordsPending)
        {
            _recordsPending = false;
            foreach (var timeline in _timelines)
            {
                var keep = timeline.RecordedTrace is { } trace && _sampler.Keeps(trace);
                foreach (var span in timeline.CollectEndedSpans())
                {
                    span.Sampled = keep;
                    _batch.Spans.Add(span);
                    StartupMeasurements.Add(_batch.Measurements, span, timeline.Command, timeline.ProcessStartTime.UtcTicks);
                }
            }
        }

        if (_activities is { Count: > 0 } stopped)
        {
            foreach (var activity in stopped)
            {
                _batch.Spans.Add(ActivitySpanData.From(activity));
            }

            stopped.Clear();
        }

        if (_batch.IsEmpty)
        {
            return null;
        }

        var taken = _batch;
        _batch = new SpanBatch();
        return taken;
    }

    /// <summary>
    /// Stops queueing (exit). The listener is disposed later by the export thread: disposing it takes runtime-wide
    /// locks the SDK may be holding while it builds, and exit must not wait for that.
    /// </summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;

            // A span that ended while this ran was told "closed"; the exit's last collection still takes it.
            _recordsPending = true;
        }
    }

    public void Dispose() => _listener?.Dispose();

    void ISpanRecordObserver.OnSpanEnded(StartupTimeline timeline, bool root)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _recordsPending = true;
            Monitor.Pulse(_gate);
        }

        if (root)
        {
            NoteRootStopped();
        }
    }

    private void OnActivityStopped(Activity activity)
    {
        // Every span of our source is all-data (the sampler decides only whether it is recorded); anything less came
        // from another listener's decision and carries no attributes to derive metrics from.
        if (!activity.IsAllDataRequested)
        {
            return;
        }

        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _activities!.Add(activity);
            Monitor.Pulse(_gate);
        }

        if (activity.OperationName == AuroraStartup.RootSpanName)
        {
            NoteRootStopped();
        }
    }

    private void NoteRootStopped()
    {
        lock (_gate)
        {
            if (_rootStopped)
            {
                return;
            }

            _rootStopped = true;
            Monitor.PulseAll(_gate); // the export thread may be waiting for ready
        }

        _onRootStopped?.Invoke();
    }
}
