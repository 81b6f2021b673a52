using System.Diagnostics;
using System.Diagnostics.Metrics;
using Aurora.Instrumentation.OpenTelemetry.Diagnostics;
using global::OpenTelemetry;
using global::OpenTelemetry.Exporter;
using global::OpenTelemetry.Metrics;
using global::OpenTelemetry.Trace;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// Console mode's OpenTelemetry SDK: its console exporters print the startup activities and the derived metrics on
/// standard output. In one type that only the export thread loads: a type whose fields name SDK types makes the
/// runtime load the SDK assemblies the moment the type is loaded, and that must not happen on the app's critical path.
/// (The OTLP path needs no SDK at all: it encodes and sends the spans and metrics itself, from the spool.)
/// </summary>
internal sealed class SdkPipeline : IDisposable
{
    private readonly BaseExporter<Activity> _consoleExporter;
    private readonly TracerProvider _tracerProvider;
    private readonly MeterProvider _meterProvider;
    private readonly SpanMetrics _metrics;

    private SdkPipeline(BaseExporter<Activity> consoleExporter, TracerProvider tracerProvider, MeterProvider meterProvider, SpanMetrics metrics)
    {
        _consoleExporter = consoleExporter;
        _tracerProvider = tracerProvider;
        _meterProvider = meterProvider;
        _metrics = metrics;
    }

    /// <summary>Builds the console pipeline; <c>null</c>, with one message, when the SDK refuses to build it.</summary>
    public static SdkPipeline? TryBuild(IStartupMessageSink messages)
    {
        var began = Stopwatch.GetTimestamp();
        try
        {
            // Never fed by the provider: the processor makes the provider hand the exporter its resource. The
            // activities are exported in batches straight from the hand-off.
            var consoleExporter = new ConsoleActivityExporter(new ConsoleExporterOptions());
            var tracerProvider = Sdk.CreateTracerProviderBuilder().AddProcessor(new SimpleActivityExportProcessor(consoleExporter)).Build();

            // Measurements are derived from the spans into a meter of our own with the same name; the view drops the
            // app-side meter (nothing counted twice) and gives the histograms the startup buckets.
            var metrics = new SpanMetrics();
            var replay = metrics.Meter;
            var meterProvider = Sdk.CreateMeterProviderBuilder()
                .AddMeter(AuroraStartup.MeterName)
                .AddView(instrument => !ReferenceEquals(instrument.Meter, replay)
                    ? MetricStreamConfiguration.Drop
                    : instrument is Histogram<double>
                        ? new ExplicitBucketHistogramConfiguration { Boundaries = [.. StartupMetrics.DurationBucketBoundaries] }
                        : null)

                // Delta: the ready flush and the exit flush then never print a measurement twice.
                .AddConsoleExporter((_, reader) => reader.TemporalityPreference = MetricReaderTemporalityPreference.Delta)
                .Build();
            AuroraOpenTelemetryEventSource.Log.PipelineBuilt(Stopwatch.GetElapsedTime(began).TotalMilliseconds, "Console");
            return new SdkPipeline(consoleExporter, tracerProvider, meterProvider, metrics);
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(TryBuild), ex);
            messages.Write(new StartupMessage(StartupMessageLevel.Warning, "telemetry: the OpenTelemetry console exporters could not be built (" + ex.GetType().Name + ": " + ValueExcerpt.Quoted(ex.Message) + "); nothing is printed for this run"));
            return null;
        }
    }

    /// <summary>Prints the spans' activities; true when the exporter took them.</summary>
    public bool Export(List<Timeline.StartupSpanData> spans)
    {
        try
        {
            var activities = new List<Activity>(spans.Count);
            foreach (var span in spans)
            {
                if (span.Activity is { } activity)
                {
                    activities.Add(activity);
                }
            }

            var success = _consoleExporter.Export(new Batch<Activity>([.. activities], activities.Count)) == ExportResult.Success;
            AuroraOpenTelemetryEventSource.Log.SpansExported(spans.Count, "Console", success);
            return success;
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(Export), ex);
            return false;
        }
    }

    public void FlushMetrics() => _meterProvider.ForceFlush(2000);

    /// <summary>Records the metrics the spans carry (see <see cref="SpanMetrics"/>).</summary>
    public void RecordMetrics(List<Timeline.StartupSpanData> spans)
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
        // Called only on the export thread.
        _meterProvider.Dispose();
        _tracerProvider.Dispose(); // and the console exporter's processor, which disposes the exporter
        _metrics.Dispose();
    }
}
