using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Hosting;

/// <summary>An app that builds its own pipeline: the extensions subscribe it to Aurora's spans and metrics.</summary>
public sealed class ProviderBuilderExtensionTests
{
    [Fact]
    public async Task AddAuroraStartupInstrumentation_exports_the_spans_and_the_histograms_with_startup_buckets()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var command = "ext" + Guid.NewGuid().ToString("N")[..8];
        using (var tracer = Sdk.CreateTracerProviderBuilder()
            .AddAuroraStartupInstrumentation()
            .AddOtlpExporter(o => receiver.ApplyTo(o, ReceiverProtocol.Grpc))
            .Build())
        using (var meter = Sdk.CreateMeterProviderBuilder()
            .AddAuroraStartupInstrumentation()
            .AddOtlpExporter((o, reader) =>
            {
                receiver.ApplyTo(o, ReceiverProtocol.Grpc, ReceiverSignal.Metrics);
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Delta;
            })
            .Build())
        {
            using (var timeline = StartupTimeline.Start(command, new StartupTimelineOptions { MessageSink = new StandardErrorMessageSink(TextWriter.Null) }))
            {
                using (timeline.BeginPhase(StartupPhases.Config))
                {
                }

                timeline.MarkReady();
            }

            Assert.True(tracer.ForceFlush(30_000));
            Assert.True(meter.ForceFlush(30_000));
        }

        var root = await receiver.WaitForSpanAsync(s => s.Name == "aurora.startup" && Equals(s.Attributes.GetValueOrDefault("aurora.command"), command));
        await receiver.WaitForSpanAsync(s => s.Name == "startup.config" && s.ParentSpanId == root.SpanId);
        var duration = await receiver.WaitForMetricsAsync(
            m => m.Any(x => x.Name == "aurora.startup.duration" && x.DataPoints.Any(p => Equals(p.Attributes.GetValueOrDefault("aurora.command"), command))),
            OtlpReceiver.DefaultTimeout);
        var point = duration.First(x => x.Name == "aurora.startup.duration").DataPoints.First(p => Equals(p.Attributes.GetValueOrDefault("aurora.command"), command));
        Assert.Equal(StartupMetrics.DurationBucketBoundaries, point.ExplicitBounds);
    }
}
