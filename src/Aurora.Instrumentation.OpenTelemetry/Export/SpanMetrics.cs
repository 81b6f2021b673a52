using System.Diagnostics.Metrics;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// Derives the <c>aurora.startup.*</c> measurements from the finished spans, on the export thread, and records them
/// on a meter of our own (same name, same instruments) that the SDK MeterProvider listens to. The spans carry every
/// number the metrics need (root and phase durations, lazy waits, overrun events), and deriving them means no
/// <see cref="MeterListener"/> on the app's critical path (measured: ~10 ms of JIT and type loading).
/// </summary>
internal sealed class SpanMetrics : IDisposable
{
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _phaseDuration;
    private readonly Histogram<double> _lazyWait;
    private readonly Counter<long> _overruns;
    private readonly Dictionary<(ulong High, ulong Low), string> _commands = [];
    private readonly List<StartupSpanData> _waitingForRoot = [];

    public SpanMetrics()
    {
        Meter = new Meter(AuroraStartup.MeterName, Aurora.Instrumentation.Telemetry.LibraryVersion.Value);
        _duration = Meter.CreateHistogram<double>(StartupMetrics.Duration, "s", "Process start to the ready milestone.");
        _phaseDuration = Meter.CreateHistogram<double>(StartupMetrics.PhaseDuration, "s", "Duration of one startup phase.");
        _lazyWait = Meter.CreateHistogram<double>(StartupMetrics.LazyWait, "s", "Time a caller was blocked waiting for a lazy or background value.");
        _overruns = Meter.CreateCounter<long>(StartupMetrics.BudgetOverruns, "{overrun}", "Startup budget overruns.");
    }

    public Meter Meter { get; }

    /// <summary>Records the measurements of <paramref name="spans"/>; phases wait for their root (it carries the command).</summary>
    public void Record(List<StartupSpanData> spans)
    {
        foreach (var span in spans)
        {
            if (span.IsRoot)
            {
                var command = span.GetAttribute(StartupAttributes.Command) as string ?? "unknown";
                _commands[(span.TraceIdHigh, span.TraceIdLow)] = command;
                _duration.Record(
                    span.Duration.TotalSeconds,
                    new KeyValuePair<string, object?>(StartupAttributes.Command, command),
                    new KeyValuePair<string, object?>(StartupAttributes.Completed, span.GetAttribute(StartupAttributes.Completed) is true));
                RecordOverruns(span, command);
            }
            else
            {
                _waitingForRoot.Add(span);
            }
        }

        for (var i = _waitingForRoot.Count - 1; i >= 0; i--)
        {
            var span = _waitingForRoot[i];
            if (_commands.TryGetValue((span.TraceIdHigh, span.TraceIdLow), out var command))
            {
                RecordPhase(span, command);
                _waitingForRoot.RemoveAt(i);
            }
        }
    }

    public void Dispose() => Meter.Dispose();

    private void RecordPhase(StartupSpanData span, string command)
    {
        if (span.GetAttribute(StartupAttributes.Phase) is string phase)
        {
            _phaseDuration.Record(
                span.Duration.TotalSeconds,
                new KeyValuePair<string, object?>(StartupAttributes.Command, command),
                new KeyValuePair<string, object?>(StartupAttributes.Phase, phase));
            if (span.GetAttribute(StartupAttributes.LazyWaitMs) is double waitMs)
            {
                _lazyWait.Record(waitMs / 1000.0, new KeyValuePair<string, object?>(StartupAttributes.Phase, phase));
            }
        }

        RecordOverruns(span, command);
    }

    private void RecordOverruns(StartupSpanData span, string command)
    {
        if (span.Events is not { } events)
        {
            return;
        }

        foreach (var overrun in events)
        {
            if (overrun.Name != StartupAttributes.BudgetOverrunEvent)
            {
                continue;
            }

            string? phase = null;
            string? level = null;
            foreach (var tag in overrun.Attributes)
            {
                if (tag.Key == StartupAttributes.Phase)
                {
                    phase = tag.Value as string;
                }
                else if (tag.Key == StartupAttributes.BudgetLevel)
                {
                    level = tag.Value as string;
                }
            }

            _overruns.Add(
                1,
                new KeyValuePair<string, object?>(StartupAttributes.Command, command),
                new KeyValuePair<string, object?>(StartupAttributes.Phase, phase ?? "unknown"),
                new KeyValuePair<string, object?>(StartupAttributes.BudgetLevel, level ?? "warn"));
        }
    }
}
