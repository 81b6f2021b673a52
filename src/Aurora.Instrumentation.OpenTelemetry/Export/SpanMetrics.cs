using System.Diagnostics;
using System.Diagnostics.Metrics;
using Aurora.Instrumentation.OpenTelemetry.Metrics;
using Aurora.Instrumentation.Telemetry;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// Console mode's metrics: the measurements of the finished spans (<see cref="StartupMeasurements"/>, the same rule the
/// OTLP path spools) recorded on a meter of our own (same name, same instruments) that the SDK's console exporter
/// reads. Deriving them on the export thread means no <see cref="MeterListener"/> on the app's critical path. A phase
/// waits for its root, which carries the command.
/// </summary>
internal sealed class SpanMetrics : IDisposable
{
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _phaseDuration;
    private readonly Histogram<double> _lazyWait;
    private readonly Counter<long> _overruns;
    private readonly Dictionary<(ulong High, ulong Low), (string Command, long StartUtcTicks)> _roots = [];
    private readonly List<StartupSpanData> _waitingForRoot = [];
    private readonly List<StartupMeasurement> _measurements = [];

    public SpanMetrics()
    {
        Meter = new Meter(AuroraStartup.MeterName, LibraryVersion.Value);
        _duration = Histogram(StartupInstrument.Duration);
        _phaseDuration = Histogram(StartupInstrument.PhaseDuration);
        _lazyWait = Histogram(StartupInstrument.LazyWait);
        _overruns = Meter.CreateCounter<long>(
            StartupInstrumentInfo.Name(StartupInstrument.BudgetOverruns),
            StartupInstrumentInfo.Unit(StartupInstrument.BudgetOverruns),
            StartupInstrumentInfo.Description(StartupInstrument.BudgetOverruns));
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
                _roots[(span.TraceIdHigh, span.TraceIdLow)] = (command, span.StartUtcTicks);
                StartupMeasurements.Add(_measurements, span, command, span.StartUtcTicks);
            }
            else
            {
                _waitingForRoot.Add(span);
            }
        }

        for (var i = _waitingForRoot.Count - 1; i >= 0; i--)
        {
            var span = _waitingForRoot[i];
            if (_roots.TryGetValue((span.TraceIdHigh, span.TraceIdLow), out var root))
            {
                StartupMeasurements.Add(_measurements, span, root.Command, root.StartUtcTicks);
                _waitingForRoot.RemoveAt(i);
            }
        }

        foreach (var measurement in _measurements)
        {
            var tags = new TagList();
            foreach (var attribute in measurement.Attributes)
            {
                tags.Add(attribute.Key, attribute.Value);
            }

            switch (measurement.Instrument)
            {
                case StartupInstrument.Duration:
                    _duration.Record(measurement.Value, tags);
                    break;
                case StartupInstrument.PhaseDuration:
                    _phaseDuration.Record(measurement.Value, tags);
                    break;
                case StartupInstrument.LazyWait:
                    _lazyWait.Record(measurement.Value, tags);
                    break;
                default:
                    _overruns.Add((long)measurement.Value, tags);
                    break;
            }
        }

        _measurements.Clear();
    }

    public void Dispose() => Meter.Dispose();

    private Histogram<double> Histogram(StartupInstrument instrument)
        => Meter.CreateHistogram<double>(StartupInstrumentInfo.Name(instrument), StartupInstrumentInfo.Unit(instrument), StartupInstrumentInfo.Description(instrument));
}
