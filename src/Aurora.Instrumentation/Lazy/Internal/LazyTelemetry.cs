using Aurora.Instrumentation.Diagnostics;

namespace Aurora.Instrumentation.Lazy.Internal;

/// <summary>
/// Binds a lazy to one phase id of a timeline: opens the phase for each run, and records callers' waits on the phase
/// (<c>aurora.lazy.wait_ms</c>, the report) and in the <c>aurora.startup.lazy.wait</c> histogram. Never throws.
/// </summary>
internal sealed class LazyTelemetry
{
    private readonly StartupTimeline _timeline;
    private readonly string _phase;
    private readonly bool _background;

    public LazyTelemetry(StartupTimeline timeline, string phase, bool background)
    {
        _timeline = timeline;
        _phase = phase;
        _background = background;
    }

    public bool Background => _background;

    /// <summary>
    /// Whether a caller that did not have to wait is still worth recording. Startup ends at the ready milestone; after it a
    /// warm access is the app's steady state, so it is not recorded (and costs one volatile read).
    /// </summary>
    public bool RecordsUnblockedCallers => !_timeline.IsReady;

    public long Now() => _timeline.Time.GetTimestamp();

    public PhaseScope BeginPhase()
    {
        try
        {
            return _background ? _timeline.BeginBackgroundPhase(_phase) : _timeline.BeginPhase(_phase);
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(BeginPhase), ex);
            return default;
        }
    }

    /// <summary>Adds waits to the phase (the span gets them only while it is still open; the report always does).</summary>
    public void RecordOnPhase(in PhaseScope scope, long waitTicks, int waiters)
    {
        if (scope.Timeline is null)
        {
            return;
        }

        try
        {
            _timeline.RecordLazyWait(scope.Index, waitTicks, waiters);
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(RecordOnPhase), ex);
        }
    }

    /// <summary>One caller's wait as a point of the <c>aurora.startup.lazy.wait</c> histogram.</summary>
    public void RecordMetric(long waitTicks)
    {
        try
        {
            if (_timeline.Instruments?.LazyWait is { Enabled: true } histogram)
            {
                histogram.Record(_timeline.ToMilliseconds(waitTicks) / 1000.0, new KeyValuePair<string, object?>(StartupAttributes.Phase, _phase));
            }
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(RecordMetric), ex);
        }
    }
}
