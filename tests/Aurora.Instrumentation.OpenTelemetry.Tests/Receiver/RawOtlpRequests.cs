using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver.Proto.Collector.Metrics;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver.Proto.Collector.Trace;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver.Proto.Metrics;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver.Proto.Trace;
using Google.Protobuf;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using ProtoSpan = Aurora.Instrumentation.OpenTelemetry.Tests.Receiver.Proto.Trace.Span;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>
/// Requests for the receiver's own tests: OTLP bodies built with the generated classes, sent raw with HttpClient
/// (HTTP/1.1 or gRPC over HTTP/2), and one-span exports through the real SDK exporter.
/// </summary>
internal static class RawOtlpRequests
{
    /// <summary>An <c>ExportTraceServiceRequest</c> with one span per name (valid ids, one resource, one scope).</summary>
    public static byte[] Traces(params string[] spanNames)
    {
        var scope = new ScopeSpans();
        foreach (var name in spanNames)
        {
            scope.Spans.Add(new ProtoSpan
            {
                TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
                SpanId = ByteString.CopyFrom(BitConverter.GetBytes(Random.Shared.NextInt64())),
                Name = name,
                Kind = ProtoSpan.Types.SpanKind.Internal,
            });
        }

        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { ScopeSpans = { scope } } } }.ToByteArray();
    }

    /// <summary>An <c>ExportMetricsServiceRequest</c> with one cumulative integer Sum of <paramref name="points"/> points.</summary>
    public static byte[] Metrics(string name, int points = 1)
    {
        var sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = true };
        for (var i = 0; i < points; i++)
        {
            sum.DataPoints.Add(new NumberDataPoint { AsInt = i, TimeUnixNano = 1_000 });
        }

        var metric = new Metric { Name = name, Sum = sum };
        return new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { ScopeMetrics = { new ScopeMetrics { Metrics = { metric } } } } } }.ToByteArray();
    }

    /// <summary>The OTLP/HTTP request for <paramref name="signal"/> with <paramref name="body"/>.</summary>
    public static HttpRequestMessage Http(OtlpReceiver receiver, ReceiverSignal signal, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return new HttpRequestMessage(HttpMethod.Post, receiver.EndpointFor(ReceiverProtocol.HttpProtobuf, signal)) { Content = content };
    }

    /// <summary>The unary gRPC call for <paramref name="signal"/> carrying <paramref name="message"/> (framed here unless <paramref name="framed"/>).</summary>
    public static HttpRequestMessage Grpc(OtlpReceiver receiver, ReceiverSignal signal, byte[] message, bool framed = false)
    {
        var content = new ByteArrayContent(framed ? message : GrpcFraming.Frame(message));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        var path = signal == ReceiverSignal.Metrics ? OtlpReceiver.GrpcMetricsPath : OtlpReceiver.GrpcTracesPath;
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(receiver.GrpcEndpoint, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    /// <summary>The request for <paramref name="protocol"/> and <paramref name="signal"/> carrying <paramref name="message"/>.</summary>
    public static HttpRequestMessage For(OtlpReceiver receiver, ReceiverProtocol protocol, ReceiverSignal signal, byte[] message) =>
        protocol == ReceiverProtocol.Grpc ? Grpc(receiver, signal, message) : Http(receiver, signal, message);

    /// <summary>The grpc-status of a gRPC answer: from the headers (trailers-only) or, after the body, the trailers.</summary>
    public static async Task<int> GrpcStatusAsync(HttpResponseMessage response)
    {
        await response.Content.ReadAsByteArrayAsync();
        var value = response.Headers.TryGetValues("grpc-status", out var inHeaders)
            ? inHeaders.Single()
            : response.TrailingHeaders.GetValues("grpc-status").Single();
        return int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Exporter options pointed at <paramref name="receiver"/> with a bounded timeout.</summary>
    public static OtlpExporterOptions Options(OtlpReceiver receiver, ReceiverProtocol protocol, int timeoutMilliseconds = 30_000, ReceiverSignal signal = ReceiverSignal.Traces)
    {
        var options = new OtlpExporterOptions { TimeoutMilliseconds = timeoutMilliseconds };
        receiver.ApplyTo(options, protocol, signal);
        return options;
    }

    /// <summary>The setting that turns on the SDK's (opt-in) in-memory retry.</summary>
    public static IReadOnlyDictionary<string, string> InMemoryRetry =>
        new Dictionary<string, string> { ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory" };

    /// <summary>
    /// A tracer for <paramref name="sourceName"/> whose OTLP exporter sends each span as it ends (simple processor) to
    /// <paramref name="receiver"/>, configured with <paramref name="settings"/> as if they were environment variables:
    /// the SDK reads them through the provider's <see cref="IConfiguration"/>, so nothing process-wide is set.
    /// </summary>
    public static TracerProvider Tracer(OtlpReceiver receiver, ReceiverProtocol protocol, string sourceName, IReadOnlyDictionary<string, string> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return Sdk.CreateTracerProviderBuilder()
            .ConfigureServices(services => services.AddSingleton<IConfiguration>(configuration))
            .AddSource(sourceName)
            .AddOtlpExporter(o =>
            {
                receiver.ApplyTo(o, protocol);
                o.TimeoutMilliseconds = 20_000;
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build();
    }

    /// <summary>Exports one span named <paramref name="spanName"/> and returns the exporter's own verdict.</summary>
    public static ExportResult Export(OtlpTraceExporter exporter, string spanName)
    {
        var previous = Activity.Current;
        Activity.Current = null;
        var span = new Activity(spanName);
        span.Start();
        span.Stop();
        Activity.Current = previous;
        return exporter.Export(new Batch<Activity>([span], 1));
    }
}
