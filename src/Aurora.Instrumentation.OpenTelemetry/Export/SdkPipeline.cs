using System.Diagnostics;
using System.Diagnostics.Metrics;
using Aurora.Instrumentation.OpenTelemetry.Diagnostics;
using Aurora.Instrumentation.OpenTelemetry.Protocol;
using Aurora.Instrumentation.OpenTelemetry.Spool;
using Aurora.Instrumentation.Timeline;
using global::OpenTelemetry;
using global::OpenTelemetry.Exporter;
using global::OpenTelemetry.Metrics;
using global::OpenTelemetry.Trace;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// Everything that touches the OpenTelemetry SDK, HTTP or gRPC, in one type that only the export thread loads:
/// a type whose fields name SDK types makes the runtime load the SDK assemblies the moment the type is loaded,
/// and that must not happen on the app's critical path.
/// </summary>
/// <remarks>
/// Spans go out as OTLP <c>ExportTraceServiceRequest</c>s serialised once by <see cref="OtlpTraceSerializer"/> and posted
/// by <see cref="RawOtlpSender"/>: the same bytes, with the same ids, whether they are sent now or spooled and sent by a
/// later run, and no <see cref="Activity"/> is needed (the SDK's OTLP trace exporter takes only activities, and
/// creating the first one costs the app ~9 ms even precompiled). The SDK provides the resource
/// (<c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>telemetry.sdk.*</c>), the metrics pipeline with its
/// OTLP exporter, and in console mode its console exporters.
/// </remarks>
internal sealed class SdkPipeline : IDisposable
{
    private readonly AuroraTelemetryMode _mode;
    private readonly BaseExporter<Activity>? _consoleExporter;
    private readonly TracerProvider _tracerProvider;
    private readonly MeterProvider _meterProvider;
    private readonly SpanMetrics _metrics;
    private readonly int _timeoutMilliseconds;

    private SdkPipeline(AuroraTelemetryMode mode, OtlpTarget? target, BaseExporter<Activity>? consoleExporter, TracerProvider tracerProvider, MeterProvider meterProvider, SpanMetrics metrics, RawOtlpSender? sender, IReadOnlyList<KeyValuePair<string, object?>> resource)
    {
        _mode = mode;
        Target = target;
        _consoleExporter = consoleExporter;
        _tracerProvider = tracerProvider;
        _meterProvider = meterProvider;
        _metrics = metrics;
        Sender = sender;
        Resource = resource;
        _timeoutMilliseconds = target?.TimeoutMilliseconds ?? 2000;
    }

    public OtlpTarget? Target { get; }

    /// <summary>Posts serialised spans (this run's and spooled ones) to the collector; <c>null</c> in console mode.</summary>
    public RawOtlpSender? Sender { get; }

    /// <summary>The SDK's resource (service.name, OTEL_RESOURCE_ATTRIBUTES, telemetry.sdk.*) for the serialised spans.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Resource { get; }

    public static SdkPipeline Build(AuroraTelemetryMode mode, Func<string, string?> env, IStartupMessageSink messages)
    {
        var began = Stopwatch.GetTimestamp();
        OtlpTarget? target = null;
        BaseExporter<Activity>? consoleExporter = null;
        var traces = Sdk.CreateTracerProviderBuilder();
        if (mode == AuroraTelemetryMode.Console)
        {
            // Never fed by the provider: the processor makes the provider hand the exporter its resource. The
            // activities are exported in batches straight from the handoff.
            consoleExporter = new ConsoleActivityExporter(new ConsoleExporterOptions());
            traces.AddProcessor(new SimpleActivityExportProcessor(consoleExporter));
        }
        else
        {
            var warnings = new List<string>();
            target = TelemetrySettings.ResolveOtlp(env, warnings);
            foreach (var warning in warnings)
            {
                messages.Write(new StartupMessage(StartupMessageLevel.Warning, warning));
            }
        }

        // A provider with no source: it only resolves the resource, as the SDK does for every exporter.
        var tracerProvider = traces.Build();
        var resource = new List<KeyValuePair<string, object?>>();
        foreach (var attribute in tracerProvider.GetResource().Attributes)
        {
            resource.Add(new(attribute.Key, attribute.Value));
        }

        // Measurements are derived from the spans into a meter of our own with the same name; the view drops the
        // app-side meter (nothing counted twice) and gives the histograms the startup buckets.
        var metrics = new SpanMetrics();
        var replay = metrics.Meter;
        var meters = Sdk.CreateMeterProviderBuilder()
            .AddMeter(AuroraStartup.MeterName)
            .AddView(instrument => !ReferenceEquals(instrument.Meter, replay)
                ? MetricStreamConfiguration.Drop
                : instrument is Histogram<double>
                    ? new ExplicitBucketHistogramConfiguration { Boundaries = [.. StartupMetrics.DurationBucketBoundaries] }
                    : null);
        if (mode == AuroraTelemetryMode.Console)
        {
            // Delta, as for OTLP: the ready flush and the exit flush then never print a measurement twice.
            meters.AddConsoleExporter((_, reader) => reader.TemporalityPreference = MetricReaderTemporalityPreference.Delta);
        }
        else
        {
            var temporalitySet = !string.IsNullOrWhiteSpace(env("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE"));
            meters.AddOtlpExporter((_, reader) =>
            {
                // Each run is a new process: delta (see docs/exporting.md). The standard variable still wins.
                if (!temporalitySet)
                {
                    reader.TemporalityPreference = MetricReaderTemporalityPreference.Delta;
                }
            });
        }

        var meterProvider = meters.Build();
        var sender = target is not null ? new RawOtlpSender(target) : null;
        AuroraOpenTelemetryEventSource.Log.PipelineBuilt(Stopwatch.GetElapsedTime(began).TotalMilliseconds, mode.ToString());
        return new SdkPipeline(mode, target, consoleExporter, tracerProvider, meterProvider, metrics, sender, resource);
    }

    /// <summary>Exports the spans (OTLP: serialised and posted; console: the SDK's console exporter); true only when the receiver confirmed.</summary>
    public bool Export(List<StartupSpanData> spans)
    {
        try
        {
            bool success;
            if (_consoleExporter is not null)
            {
                var activities = new List<Activity>(spans.Count);
                foreach (var span in spans)
                {
                    if (span.Activity is { } activity)
                    {
                        activities.Add(activity);
                    }
                }

                success = _consoleExporter.Export(new Batch<Activity>([.. activities], activities.Count)) == ExportResult.Success;
            }
            else
            {
                success = Sender!.TrySend(OtlpTraceSerializer.Serialize(Resource, spans), CancellationToken.None, out _);
            }

            AuroraOpenTelemetryEventSource.Log.SpansExported(spans.Count, _mode.ToString(), success);
            return success;
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(Export), ex);
            return false;
        }
    }

    public void FlushMetrics() => _meterProvider.ForceFlush(_timeoutMilliseconds);

    /// <summary>Records the metrics the spans carry (see <see cref="SpanMetrics"/>).</summary>
    public void RecordMetrics(List<StartupSpanData> spans)
    {
        try
        {
            _metrics.Record(spans);
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(RecordMetrics), ex);
        }
    }

    public void Dispose()
    {
        // Called only on the export thread: a provider's Dispose may block for seconds on a hung collector.
        _meterProvider.Dispose();
        _tracerProvider.Dispose(); // and the console exporter's processor, which disposes the exporter
        _metrics.Dispose();
        Sender?.Dispose();
    }
}
