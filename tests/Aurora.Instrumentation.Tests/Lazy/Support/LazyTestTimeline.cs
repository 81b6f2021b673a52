using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Aurora.Instrumentation.Tests.Lazy.Support;

/// <summary>
/// A timeline on a fake clock whose trace only this fixture samples (its root has an explicit parent with a fresh trace
/// id), with the spans of that trace and the <c>aurora.startup.lazy.wait</c> points of this fixture's phases collected.
/// Listeners are process-wide and test classes run in parallel: everything collected is filtered by trace id / phase.
/// </summary>
internal sealed class LazyTestTimeline : IDisposable
{
    public static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Epoch = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly ActivityListener _spans;
    private readonly MeterListener _metrics;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ConcurrentQueue<(string Phase, double Seconds)> _waits = new();
    private readonly string _phasePrefix = "lz" + Guid.NewGuid().ToString("N")[..8] + "_";

    public LazyTestTimeline()
    {
        TraceId = ActivityTraceId.CreateRandom();
        _spans = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AuroraStartup.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> options)
                => options.TraceId == TraceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == TraceId)
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_spans);

        _metrics = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AuroraStartup.MeterName && instrument.Name == StartupMetrics.LazyWait)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _metrics.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == StartupAttributes.Phase && tag.Value is string phase && phase.StartsWith(_phasePrefix, StringComparison.Ordinal))
                {
                    _waits.Enqueue((phase, value));
                }
            }
        });
        _metrics.Start();

        Clock = new FakeTimeProvider(Epoch + TimeSpan.FromMilliseconds(40));
        Timeline = StartupTimeline.Start("lazy_test", new StartupTimelineOptions
        {
            TimeProvider = Clock,
            ProcessStartTime = Epoch,
            Parent = new ActivityContext(TraceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded),
            MessageSink = new DiscardingMessageSink(),
            GetEnvironmentVariable = _ => null,
        });
    }

    public ActivityTraceId TraceId { get; }

    public FakeTimeProvider Clock { get; }

    public StartupTimeline Timeline { get; }

    /// <summary>A phase id unique to this fixture (lower_snake_case), so metric points can be told apart.</summary>
    public string NewPhase(string name) => _phasePrefix + name;

    public Activity Span(string phase) => Assert.Single(_stopped, a => a.OperationName == AuroraStartup.PhaseSpanPrefix + phase);

    public IReadOnlyList<Activity> Spans(string phase) => [.. _stopped.Where(a => a.OperationName == AuroraStartup.PhaseSpanPrefix + phase)];

    public PhaseReport Report(string phase) => Timeline.CreateReport().FindPhase(phase) ?? throw new InvalidOperationException("no phase " + phase);

    /// <summary>The lazy-wait points recorded for <paramref name="phase"/>, in milliseconds, sorted.</summary>
    public IReadOnlyList<double> WaitsMs(string phase) => [.. _waits.Where(w => w.Phase == phase).Select(w => Math.Round(w.Seconds * 1000, 6)).Order()];

    public void Dispose()
    {
        Timeline.Dispose();
        _metrics.Dispose();
        _spans.Dispose();
    }

    private sealed class DiscardingMessageSink : IStartupMessageSink
    {
        public void Write(in StartupMessage message)
        {
        }
    }
}
