using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using OpenTelemetry;
using OpenTelemetry.Exporter;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>The receiver's wire behaviour, with the real exporter where it can show it and a raw HttpClient where not.</summary>
public sealed class OtlpReceiverWireTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(ReceiverProtocol.Grpc, "grpc-encoding")]
    [InlineData(ReceiverProtocol.HttpProtobuf, "Content-Encoding")]
    public async Task Gzip_compressed_exports_are_decoded(ReceiverProtocol protocol, string encodingHeader)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var options = new OtlpExporterOptions { Compression = OtlpExportCompression.GZip, TimeoutMilliseconds = 30_000 };
        receiver.ApplyTo(options, protocol);
        using var exporter = new OtlpTraceExporter(options);

        Assert.Equal(ExportResult.Success, RawOtlpRequests.Export(exporter, "compressed"));

        Assert.Equal("compressed", Assert.Single(receiver.Spans).Name);
        Assert.Equal("gzip", Assert.Single(receiver.Requests).Headers[encodingHeader]);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Exporter_headers_are_recorded_per_request(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var options = new OtlpExporterOptions { Headers = "api-key=secret-1,x-tenant=aurora", TimeoutMilliseconds = 30_000 };
        receiver.ApplyTo(options, protocol);
        using var exporter = new OtlpTraceExporter(options);

        Assert.Equal(ExportResult.Success, RawOtlpRequests.Export(exporter, "with-headers"));

        var headers = Assert.Single(receiver.Requests).Headers;
        Assert.Equal("secret-1", headers["api-key"]);
        Assert.Equal("aurora", headers["X-Tenant"]);
    }

    [Fact]
    public async Task Http_faults_carry_retry_after_when_set()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.Mode = OtlpReceiverMode.Status429;
        receiver.RetryAfter = TimeSpan.FromSeconds(6.5);
        using var client = new HttpClient();

        using var response = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, TraceRequest(SpanMessage("x"))));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Empty(receiver.Spans);
    }

    [Fact]
    public async Task Unknown_fields_and_unexpected_wire_types_are_skipped()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var traceId = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var span = Message(o =>
        {
            Unknowns(o);
            Bytes(o, 1, traceId);
            Bytes(o, 2, [0xa, 0xb, 0xc, 0xd, 0xe, 0xf, 0x1, 0x2]);
            o.WriteTag(5, WireFormat.WireType.Varint); // "name" with the wrong wire type: must be skipped, not misread
            o.WriteInt64(7);
            Bytes(o, 5, "real-name"u8.ToArray());
            o.WriteTag(7, WireFormat.WireType.Fixed64);
            o.WriteFixed64(1_000);
            Unknowns(o);
            o.WriteTag(8, WireFormat.WireType.Fixed64);
            o.WriteFixed64(2_000);
            Bytes(o, 9, KeyValue("k", AnyValue(v => { Unknowns(v); Bytes(v, 1, "v"u8.ToArray()); })));
        });
        var request = TraceRequest(span, resourceAttributes: [KeyValue("service.name", AnyValue(v => Bytes(v, 1, "svc"u8.ToArray())))]);
        using var client = new HttpClient();

        using var response = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, request));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(receiver.Spans);
        Assert.Equal("0102030405060708090a0b0c0d0e0f10", received.TraceId);
        Assert.Equal("0a0b0c0d0e0f0102", received.SpanId);
        Assert.Equal("real-name", received.Name);
        Assert.Equal((1_000UL, 2_000UL), (received.StartUnixNano, received.EndUnixNano));
        Assert.Equal("v", received.Attribute("k"));
        Assert.Equal("svc", received.ResourceAttributes["service.name"]);
    }

    [Fact]
    public async Task Histogram_points_accept_packed_and_unpacked_repeated_fields()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var point = Message(o =>
        {
            o.WriteTag(4, WireFormat.WireType.Fixed64);
            o.WriteFixed64(3);
            foreach (var count in new ulong[] { 1, 2, 0 })
            {
                o.WriteTag(6, WireFormat.WireType.Fixed64); // bucket_counts unpacked
                o.WriteFixed64(count);
            }

            Bytes(o, 7, [.. BitConverter.GetBytes(0.5), .. BitConverter.GetBytes(2.0)]); // explicit_bounds packed
        });
        var metric = Message(o =>
        {
            Bytes(o, 1, "m"u8.ToArray());
            Bytes(o, 9, Message(h =>
            {
                Bytes(h, 1, point);
                h.WriteTag(2, WireFormat.WireType.Varint);
                h.WriteEnum(2);
            }));
        });
        var request = Message(o => Bytes(o, 1, Message(rm => Bytes(rm, 2, Message(sm => Bytes(sm, 2, metric))))));
        using var client = new HttpClient();

        using var response = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Metrics, request));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(receiver.Metrics);
        Assert.Equal(ReceivedTemporality.Cumulative, received.Temporality);
        var decoded = Assert.Single(received.DataPoints);
        Assert.Equal([1UL, 2UL, 0UL], decoded.BucketCounts);
        Assert.Equal([0.5, 2.0], decoded.ExplicitBounds);
        Assert.Equal(3UL, decoded.Count);
    }

    [Fact]
    public async Task Raw_grpc_call_gets_an_empty_response_message_and_ok_trailer()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        using var client = new HttpClient();

        using var response = await client.SendAsync(RawOtlpRequests.Grpc(receiver, ReceiverSignal.Traces, TraceRequest(SpanMessage("raw"))));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[5], body);
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Equal("raw", Assert.Single(receiver.Spans).Name);
    }

    [Fact]
    public async Task Raw_grpc_gzip_message_is_decoded()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        using var client = new HttpClient();
        var request = RawOtlpRequests.Grpc(receiver, ReceiverSignal.Traces, GrpcFraming.Frame(Gzip(TraceRequest(SpanMessage("zipped"))), compressedFlag: true), framed: true);
        request.Headers.Add("grpc-encoding", "gzip");

        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Equal("zipped", Assert.Single(receiver.Spans).Name);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 9, 1 }, "3")]             // prefix promises 9 bytes, 1 follows
    [InlineData(new byte[] { 0, 0, 0, 0, 2, 0x0a, 0x05 }, "3")]     // resource_spans claims 5 bytes that are not there
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 0x00 }, "12")]          // compressed flag without a grpc-encoding
    public async Task Malformed_grpc_requests_are_rejected_and_not_counted(byte[] body, string grpcStatus)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        using var client = new HttpClient();

        using var response = await client.SendAsync(RawOtlpRequests.Grpc(receiver, ReceiverSignal.Traces, body, framed: true));
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(grpcStatus, response.Headers.GetValues("grpc-status").Single());
        Assert.Equal(ReceivedRequestOutcome.Rejected, Assert.Single(receiver.Requests).Outcome);
        Assert.Empty(receiver.Spans);
    }

    [Theory]
    [InlineData(8, 8, 0, "8-byte trace_id")]
    [InlineData(0, 8, 0, "0-byte trace_id")]
    [InlineData(16, 4, 0, "4-byte span_id")]
    [InlineData(16, 8, 16, "16-byte parent_span_id")]
    public async Task Ids_of_the_wrong_length_are_rejected_as_the_collector_does(int traceIdBytes, int spanIdBytes, int parentBytes, string expected)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var span = Message(o =>
        {
            Bytes(o, 1, new byte[traceIdBytes]);
            Bytes(o, 2, new byte[spanIdBytes]);
            if (parentBytes > 0)
            {
                Bytes(o, 4, new byte[parentBytes]);
            }

            Bytes(o, 5, "odd-ids"u8.ToArray());
        });
        using var client = new HttpClient();

        using var response = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, TraceRequest(span)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(ReceivedRequestOutcome.Rejected, request.Outcome);
        Assert.Contains(expected, request.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Spans);
    }

    [Theory]
    [InlineData("/v1/traces", "application/x-protobuf", new byte[] { 0x0a, 0x05 }, HttpStatusCode.BadRequest)]
    [InlineData("/v1/traces", "application/json", new byte[] { (byte)'{', (byte)'}' }, HttpStatusCode.UnsupportedMediaType)]
    [InlineData("/v1/logs", "application/x-protobuf", new byte[0], HttpStatusCode.NotFound)]
    public async Task Malformed_http_requests_are_rejected_and_not_counted(string path, string contentType, byte[] body, HttpStatusCode expected)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        using var client = new HttpClient();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        using var response = await client.PostAsync(new Uri(receiver.HttpEndpoint, path), content);

        Assert.Equal(expected, response.StatusCode);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(ReceivedRequestOutcome.Rejected, request.Outcome);
        Assert.NotNull(request.Error);
        Assert.Empty(receiver.Spans);
    }

    [Fact]
    public async Task A_wait_that_is_not_satisfied_times_out_with_what_was_received()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        using var client = new HttpClient();
        using var response = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, TraceRequest(SpanMessage("only-one"))));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => receiver.WaitForSpansAsync(2, TimeSpan.FromMilliseconds(200)));

        Assert.Contains("2 span(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Received 1 span(s) [only-one]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wait_completes_when_data_arrives_later_and_dispose_fails_pending_waits()
    {
        var receiver = await OtlpReceiver.CreateAsync();
        var satisfied = receiver.WaitForSpanAsync(s => s.Name == "late", Guard);
        var pending = receiver.WaitForSpansAsync(5, Guard);
        Assert.False(satisfied.IsCompleted);

        using var client = new HttpClient();
        using var response = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, TraceRequest(SpanMessage("late"))));
        Assert.Equal("late", (await satisfied.WaitAsync(Guard)).Name);

        await receiver.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.WaitAsync(Guard));
    }

    private static byte[] Gzip(byte[] plain)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        return compressed.ToArray();
    }

    // ExportTraceServiceRequest { 1: ResourceSpans { 1: Resource { 1: attributes }, 2: ScopeSpans { 2: span } } }
    private static byte[] TraceRequest(byte[] span, byte[][]? resourceAttributes = null) =>
        Message(o => Bytes(o, 1, Message(rs =>
        {
            Bytes(rs, 2, Message(ss => Bytes(ss, 2, span)));
            Bytes(rs, 1, Message(r =>
            {
                foreach (var attribute in resourceAttributes ?? [])
                {
                    Bytes(r, 1, attribute);
                }
            }));
        })));

    private static byte[] SpanMessage(string name) => Message(o =>
    {
        Bytes(o, 1, new byte[16]);
        Bytes(o, 2, new byte[8]);
        Bytes(o, 5, System.Text.Encoding.UTF8.GetBytes(name));
    });

    private static byte[] KeyValue(string key, byte[] anyValue) => Message(o =>
    {
        Bytes(o, 1, System.Text.Encoding.UTF8.GetBytes(key));
        Bytes(o, 2, anyValue);
    });

    private static byte[] AnyValue(Action<CodedOutputStream> write) => Message(write);

    // One unknown field of every wire type a proto3 message can carry.
    private static void Unknowns(CodedOutputStream o)
    {
        o.WriteTag(99, WireFormat.WireType.Varint);
        o.WriteUInt64(ulong.MaxValue);
        o.WriteTag(98, WireFormat.WireType.Fixed32);
        o.WriteFixed32(0xdeadbeef);
        o.WriteTag(97, WireFormat.WireType.Fixed64);
        o.WriteFixed64(42);
        o.WriteTag(96, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(ByteString.CopyFromUtf8("ignored"));
    }

    private static void Bytes(CodedOutputStream output, int field, byte[] value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(value));
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return buffer.ToArray();
    }
}
