using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>The real OpenTelemetry SDK + OTLP exporter sending spans to the receiver, over both protocols.</summary>
public sealed class OtlpReceiverTraceTests
{
    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_567);

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Spans_from_the_sdk_arrive_decoded_exactly(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var sourceName = $"Receiver.Tests.{Guid.NewGuid():N}";
        using var source = new ActivitySource(sourceName, "1.2.3");
        string traceId, rootId, childId;

        using (var tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .ConfigureResource(r => r.AddService("receiver-tests", serviceVersion: "9.8.7"))
            .AddOtlpExporter(o => receiver.ApplyTo(o, protocol))
            .Build())
        {
            Activity.Current = null;
            using (var root = source.StartActivity("root", ActivityKind.Server, default(ActivityContext), startTime: Start)!)
            {
                root.SetTag("text", "hello");
                root.SetTag("flag", true);
                root.SetTag("count", 42);
                root.SetTag("ratio", 1.5);
                root.SetTag("names", new[] { "a", "b" });
                root.SetStatus(ActivityStatusCode.Error, "boom");
                using (var child = source.StartActivity("child", ActivityKind.Client, root.Context, startTime: Start.AddMilliseconds(1))!)
                {
                    child.AddEvent(new ActivityEvent("checkpoint", Start.AddMilliseconds(2), new ActivityTagsCollection { ["step"] = 3L, ["ok"] = false }));
                    child.SetEndTime(Start.AddMilliseconds(3).UtcDateTime);
                    childId = child.SpanId.ToHexString();
                }

                root.SetEndTime(Start.AddMilliseconds(4).UtcDateTime);
                (traceId, rootId) = (root.TraceId.ToHexString(), root.SpanId.ToHexString());
            }

            Assert.True(tracer.ForceFlush(30_000), "ForceFlush did not complete");
        }

        var spans = await receiver.WaitForSpansAsync(2);
        Assert.Equal(2, spans.Count);
        var rootSpan = Assert.Single(spans, s => s.Name == "root");
        var childSpan = Assert.Single(spans, s => s.Name == "child");

        Assert.Equal(traceId, rootSpan.TraceId);
        Assert.Equal(rootId, rootSpan.SpanId);
        Assert.Null(rootSpan.ParentSpanId);
        Assert.Equal(ReceivedSpanKind.Server, rootSpan.Kind);
        Assert.Equal(UnixNano.From(Start), rootSpan.StartUnixNano);
        Assert.Equal(UnixNano.From(Start.AddMilliseconds(4)), rootSpan.EndUnixNano);
        Assert.Equal("hello", rootSpan.Attribute("text"));
        Assert.Equal(true, rootSpan.Attribute("flag"));
        Assert.Equal(42L, rootSpan.Attribute("count"));
        Assert.Equal(1.5, rootSpan.Attribute("ratio"));
        Assert.Equal(new object?[] { "a", "b" }, Assert.IsAssignableFrom<IReadOnlyList<object?>>(rootSpan.Attribute("names")));
        Assert.Equal(2, rootSpan.StatusCode);
        Assert.Equal("boom", rootSpan.StatusMessage);
        Assert.Equal(sourceName, rootSpan.ScopeName);
        Assert.Equal("1.2.3", rootSpan.ScopeVersion);
        Assert.Equal("receiver-tests", rootSpan.ResourceAttributes["service.name"]);
        Assert.Equal("9.8.7", rootSpan.ResourceAttributes["service.version"]);
        Assert.Equal(protocol, rootSpan.Protocol);

        Assert.Equal(traceId, childSpan.TraceId);
        Assert.Equal(childId, childSpan.SpanId);
        Assert.Equal(rootId, childSpan.ParentSpanId);
        Assert.Equal(ReceivedSpanKind.Client, childSpan.Kind);
        Assert.Equal(UnixNano.From(Start.AddMilliseconds(1)), childSpan.StartUnixNano);
        Assert.Equal(UnixNano.From(Start.AddMilliseconds(3)), childSpan.EndUnixNano);
        Assert.Equal(Start.AddMilliseconds(1), childSpan.StartTime);
        var checkpoint = Assert.Single(childSpan.Events);
        Assert.Equal("checkpoint", checkpoint.Name);
        Assert.Equal(UnixNano.From(Start.AddMilliseconds(2)), checkpoint.TimeUnixNano);
        Assert.Equal(3L, checkpoint.Attributes["step"]);
        Assert.Equal(false, checkpoint.Attributes["ok"]);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal(protocol, request.Protocol);
        Assert.Equal(ReceiverSignal.Traces, request.Signal);
        Assert.Equal(ReceivedRequestOutcome.Accepted, request.Outcome);
        Assert.Equal(2, request.ItemCount);
        Assert.Equal(1, receiver.AcceptedRequestCount(protocol));
    }
}
