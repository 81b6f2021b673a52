using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>The real OpenTelemetry SDK + OTLP exporter sending metrics to the receiver, over both protocols.</summary>
public sealed class OtlpReceiverMetricTests
{
    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Histogram_with_bucket_advice_and_counter_arrive_decoded_exactly(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var meterName = $"Receiver.Tests.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName, "4.5.6");
        var histogram = meter.CreateHistogram<double>(
            "test.phase.duration", "s", "phase duration", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1] });
        var counter = meter.CreateCounter<long>("test.overruns", "{overrun}", "overruns");
        var phase = new KeyValuePair<string, object?>("aurora.phase", "config");

        using (var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meterName)
            .ConfigureResource(r => r.AddService("receiver-tests"))
            .AddOtlpExporter((exporter, reader) =>
            {
                receiver.ApplyTo(exporter, protocol, ReceiverSignal.Metrics);
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Delta;
            })
            .Build())
        {
            histogram.Record(0.005, phase);
            histogram.Record(0.05, phase);
            histogram.Record(0.5, phase);
            histogram.Record(0.75, phase);
            histogram.Record(5, phase);
            counter.Add(3, phase);
            Assert.True(provider.ForceFlush(30_000), "ForceFlush did not complete");
        }

        var metrics = await receiver.WaitForMetricsAsync(
            m => m.Any(x => x.Name == "test.phase.duration") && m.Any(x => x.Name == "test.overruns"));
        Assert.All(receiver.Requests, r => Assert.Equal((ReceiverSignal.Metrics, ReceivedRequestOutcome.Accepted), (r.Signal, r.Outcome)));

        var duration = metrics.First(m => m.Name == "test.phase.duration");
        Assert.Equal(ReceivedMetricKind.Histogram, duration.Kind);
        Assert.Equal("s", duration.Unit);
        Assert.Equal("phase duration", duration.Description);
        Assert.Equal(ReceivedTemporality.Delta, duration.Temporality);
        Assert.Equal(meterName, duration.ScopeName);
        Assert.Equal("4.5.6", duration.ScopeVersion);
        Assert.Equal("receiver-tests", duration.ResourceAttributes["service.name"]);
        Assert.Equal(protocol, duration.Protocol);
        var point = Assert.Single(duration.DataPoints);
        Assert.Equal("config", point.Attributes["aurora.phase"]);
        Assert.Equal([0.01, 0.1, 1], point.ExplicitBounds);
        Assert.Equal([1UL, 1UL, 2UL, 1UL], point.BucketCounts);
        Assert.Equal(5UL, point.Count);
        Assert.Equal(6.305, point.Sum!.Value, 9);
        Assert.Equal(0.005, point.Min);
        Assert.Equal(5, point.Max);
        Assert.True(point.TimeUnixNano >= point.StartUnixNano && point.StartUnixNano > 0, "interval times must be set");

        var overruns = metrics.First(m => m.Name == "test.overruns");
        Assert.Equal(ReceivedMetricKind.Sum, overruns.Kind);
        Assert.True(overruns.IsMonotonic);
        Assert.Equal(ReceivedTemporality.Delta, overruns.Temporality);
        var total = Assert.Single(overruns.DataPoints);
        Assert.Equal(3L, total.IntValue);
        Assert.Null(total.DoubleValue);
        Assert.Equal("config", total.Attributes["aurora.phase"]);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Gauge_and_cumulative_double_counter_are_decoded(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var meterName = $"Receiver.Tests.{Guid.NewGuid():N}";
        using var meter = new Meter(meterName);
        meter.CreateObservableGauge("test.queue.depth", () => new Measurement<double>(2.5, new KeyValuePair<string, object?>("queue", "q1")));
        var spent = meter.CreateCounter<double>("test.spent");

        using (var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                receiver.ApplyTo(exporter, protocol, ReceiverSignal.Metrics);
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
            })
            .Build())
        {
            spent.Add(0.25);
            spent.Add(0.5);
            Assert.True(provider.ForceFlush(30_000), "ForceFlush did not complete");
        }

        var gauge = await receiver.WaitForMetricAsync("test.queue.depth");
        Assert.Equal(ReceivedMetricKind.Gauge, gauge.Kind);
        Assert.Equal(ReceivedTemporality.Unspecified, gauge.Temporality);
        var depth = Assert.Single(gauge.DataPoints);
        Assert.Equal(2.5, depth.DoubleValue);
        Assert.Equal("q1", depth.Attributes["queue"]);

        var counter = await receiver.WaitForMetricAsync("test.spent");
        Assert.Equal(ReceivedMetricKind.Sum, counter.Kind);
        Assert.Equal(ReceivedTemporality.Cumulative, counter.Temporality);
        Assert.Equal(0.75, Assert.Single(counter.DataPoints).DoubleValue);
    }
}
