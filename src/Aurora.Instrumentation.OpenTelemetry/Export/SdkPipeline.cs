using System.Diagnostics;
using System.Diagnostics.Metrics;
using Aurora.Instrumentation.OpenTelemetry.Diagnostics;
using Aurora.Instrumentation.OpenTelemetry.Spool;
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
internal sealed class SdkPipeline : IDisposable
{
    private readonly AuroraTelemetryMode _mode;
    private readonly BaseExporter<Activity> _spanExporter;
    private readonly TracerProvider _tracerProvider;
    private readonly MeterProvider _meterProvider;
    private readonly SpanMetrics _metrics;
    private readonly int _timeoutMilliseconds;

    private SdkPipeline(AuroraTelemetryMode mode, OtlpTarget? target, BaseExporter<Activity> spanExporter, TracerProvider tracerProvider, MeterProvider meterProvider, SpanMetrics metrics, RawOtlpSender? drainSender, IReadOnlyList<KeyValuePair<string, object?>> resource)
    {
        _mode = mode;
        Target = target;
        _spanExporter = spanExporter;
        _tracerProvider = tracerProvider;
        _meterProvider = meterProvider;
        _metrics = metrics;
        DrainSender = drainSender;
        Resource = resource;
        _timeoutMilliseconds = target?.TimeoutMilliseconds ?? 2000;
    }

    public OtlpTarget? Target { get; }

    /// <summary>Sends spool files as they are; <c>null</c> when there is no spool (console mode).</summary>
    public RawOtlpSender? DrainSender { get; }

    /// <summary>The SDK's resource (service.name, OTEL_RESOURCE_ATTRIBUTES, telemetry.sdk.*), for spooled spans.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Resource { get; }

    public static SdkPipeline Build(AuroraTelemetryMode mode, bool withSpool, Func<string, string?> env, IStartupMessageSink messages)
    {
        var began = Stopwatch.GetTimestamp();
        OtlpTarget? target = null;
        BaseExporter<Activity> spanExporter;
        if (mode == AuroraTelemetryMode.Console)
        {
            spanExporter = new ConsoleActivityExporter(new ConsoleExporterOptions());
        }
        else
        {
            var warnings = new List<string>();
            target = TelemetrySettings.ResolveOtlp(env, warnings);
            foreach (var warning in warnings)
            {
                messages.Write(new StartupMessage(StartupMessageLevel.Warning, warning));
            }

            spanExporter = new OtlpTraceExporter(CreateTraceExporterOptions(target));
        }

        // The processor is never fed: adding it makes the provider hand the exporter its resource (OTEL_SERVICE_NAME,
        // OTEL_RESOURCE_ATTRIBUTES, telemetry.sdk.*). Spans are exported in batches straight from the handoff.
        var tracerProvider = Sdk.CreateTracerProviderBuilder()
            .AddProcessor(new SimpleActivityExportProcessor(spanExporter))
            .Build();
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
        var drainSender = target is not null && withSpool ? new RawOtlpSender(target) : null;
        AuroraOpenTelemetryEventSource.Log.PipelineBuilt(Stopwatch.GetElapsedTime(began).TotalMilliseconds, mode.ToString());
        return new SdkPipeline(mode, target, spanExporter, tracerProvider, meterProvider, metrics, drainSender, resource);
    }

    internal static OtlpExporterOptions CreateTraceExporterOptions(OtlpTarget target)
    {
        // The SDK's options read the general OTEL_EXPORTER_OTLP_* variables themselves; the trace signal's values,
        // resolved with the specification's precedence (signal-specific first) by the same rules the spool drain
        // uses, are then set explicitly so that the live exporter and the drain always agree. An explicitly set
        // Endpoint is used as given (the signal path is already in it for http/protobuf).
        return new OtlpExporterOptions
        {
            Protocol = target.Protocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf,
            Endpoint = target.TracesEndpoint,
            Headers = target.TracesHeaders,
            TimeoutMilliseconds = target.TimeoutMilliseconds,
        };
    }

    /// <summary>Exports through the real SDK exporter; true only when the receiver confirmed.</summary>
    public bool Export(List<Activity> spans)
    {
        try
        {
            var batch = new Batch<Activity>([.. spans], spans.Count);
            var success = _spanExporter.Export(batch) == ExportResult.Success;
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
    public void RecordMetrics(List<Activity> spans)
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
        _tracerProvider.Dispose();
        _metrics.Dispose();
        DrainSender?.Dispose();
    }
}
