using System.Diagnostics;
using System.Globalization;
using System.Net;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver.Proto.Collector.Metrics;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver.Proto.Collector.Trace;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver.Proto.Rpc;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using RpcStatus = Aurora.Instrumentation.OpenTelemetry.Tests.Receiver.Proto.Rpc.Status;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>Each kind of scripted answer as it appears on the wire, decoded with the generated classes, and to the real exporter.</summary>
public sealed class OtlpReceiverAnswerTests
{
    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(413)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Any_http_status_is_answered_with_a_protobuf_body_and_only_2xx_keeps_data(int status)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Http(status, $"scripted {status}"));
        using var client = new HttpClient();

        using var response = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("span")));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var request = Assert.Single(receiver.Requests);
        if (status == 200)
        {
            Assert.Null(ExportTraceServiceResponse.Parser.ParseFrom(body).PartialSuccess);
            Assert.Equal(ReceivedRequestOutcome.Accepted, request.Outcome);
            Assert.Single(receiver.Spans);
        }
        else
        {
            var rpcStatus = RpcStatus.Parser.ParseFrom(body);
            Assert.Equal($"scripted {status}", rpcStatus.Message);
            Assert.Equal(request.Answer!.GrpcStatus, rpcStatus.Code);
            Assert.Equal(ReceivedRequestOutcome.Faulted, request.Outcome);
            Assert.Empty(receiver.Spans);
        }
    }

    [Fact]
    public async Task Retry_after_is_sent_as_seconds_as_an_http_date_or_verbatim()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var date = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        receiver.AnswerNext(ReceiverAnswer.Http(429).WithRetryAfter(TimeSpan.FromSeconds(1.2)));
        receiver.AnswerNext(ReceiverAnswer.Http(503).WithRetryAfter(date));
        receiver.AnswerNext(ReceiverAnswer.Http(503).WithRetryAfterHeader("soon"));
        using var client = new HttpClient();

        var values = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("x")));
            values.Add(string.Join(",", response.Headers.NonValidated["Retry-After"]));
        }

        Assert.Equal(["2", "Tue, 06 May 2031 07:08:09 GMT", "soon"], values);
        Assert.Equal(date, DateTimeOffset.Parse(values[1], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task An_http_error_can_carry_a_non_protobuf_body_like_a_proxy_page()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Http(502).WithHttpBody("text/html", "<html>Bad Gateway</html>"u8.ToArray()));
        using var client = new HttpClient();

        using var response = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Metrics, RawOtlpRequests.Metrics("m")));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<html>Bad Gateway</html>", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(16)]
    public async Task Any_grpc_status_is_answered_trailers_only_and_only_ok_keeps_data(int code)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Grpc(code, $"scripted {code}: ü%"));
        using var client = new HttpClient();

        using var response = await client.SendAsync(RawOtlpRequests.Grpc(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("span")));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        if (code == GrpcStatusCodes.Ok)
        {
            var (_, message) = GrpcFraming.ReadSingleMessage(body);
            Assert.Null(ExportTraceServiceResponse.Parser.ParseFrom(message).PartialSuccess);
            Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
            Assert.Single(receiver.Spans);
        }
        else
        {
            // Trailers-only: the status is in the one HEADERS frame and there is no message.
            Assert.Empty(body);
            Assert.Equal(code.ToString(CultureInfo.InvariantCulture), response.Headers.GetValues("grpc-status").Single());
            Assert.Equal($"scripted {code}: ü%", Uri.UnescapeDataString(response.Headers.GetValues("grpc-message").Single()));
            Assert.False(response.Headers.Contains("grpc-status-details-bin"));
            Assert.Equal(ReceivedRequestOutcome.Faulted, Assert.Single(receiver.Requests).Outcome);
            Assert.Empty(receiver.Spans);
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task A_grpc_retry_info_travels_in_status_details_unpadded_unless_asked(bool padded, bool inTrailers)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var answer = ReceiverAnswer.Grpc(GrpcStatusCodes.ResourceExhausted, "slow down!").WithRetryInfo(TimeSpan.FromMilliseconds(1_500), padded);
        receiver.AnswerNext(inTrailers ? answer.WithGrpcStatusInTrailers() : answer);
        using var client = new HttpClient();

        using var response = await client.SendAsync(RawOtlpRequests.Grpc(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("span")));
        await response.Content.ReadAsByteArrayAsync();

        var status = inTrailers ? response.TrailingHeaders : (System.Net.Http.Headers.HttpHeaders)response.Headers;
        Assert.Equal(inTrailers, !response.Headers.Contains("grpc-status"));
        Assert.Equal("8", status.GetValues("grpc-status").Single());
        var details = status.GetValues("grpc-status-details-bin").Single();
        var raw = OtlpResponseEncoder.RpcStatus(GrpcStatusCodes.ResourceExhausted, "slow down!", TimeSpan.FromMilliseconds(1_500));
        Assert.NotEqual(0, raw.Length % 3); // so padding shows
        Assert.Equal(padded, details.EndsWith('='));
        var decoded = RpcStatus.Parser.ParseFrom(Convert.FromBase64String(details.PadRight((details.Length + 3) / 4 * 4, '=')));
        Assert.Equal((GrpcStatusCodes.ResourceExhausted, "slow down!"), (decoded.Code, decoded.Message));
        var retryInfo = Assert.Single(decoded.Details).Unpack<RetryInfo>();
        Assert.Equal(TimeSpan.FromMilliseconds(1_500), retryInfo.RetryDelay.ToTimeSpan());
    }

    [Theory]
    [InlineData(true, 2, ReceivedRequestOutcome.Accepted)]
    [InlineData(false, 1, ReceivedRequestOutcome.Faulted)]
    public async Task The_sdk_retries_resource_exhausted_only_when_it_reads_our_retry_info(bool withRetryInfo, int requests, ReceivedRequestOutcome last)
    {
        // OTLP retries RESOURCE_EXHAUSTED only with a RetryInfo: a retry proves the SDK decoded grpc-status-details-bin.
        // The SDK 1.20.1 reads that header only from trailers (not from a trailers-only answer) and decodes it with
        // Convert.FromBase64String, which needs the padding gRPC lets servers drop: hence padded, in trailers.
        await using var receiver = await OtlpReceiver.CreateAsync();
        var throttled = ReceiverAnswer.Grpc(GrpcStatusCodes.ResourceExhausted).WithGrpcStatusInTrailers();
        receiver.AnswerNext(withRetryInfo ? throttled.WithRetryInfo(TimeSpan.FromMilliseconds(100), padded: true) : throttled);
        var sourceName = $"Receiver.Tests.{Guid.NewGuid():N}";
        using var source = new ActivitySource(sourceName);

        using (var tracer = RawOtlpRequests.Tracer(receiver, ReceiverProtocol.Grpc, sourceName, RawOtlpRequests.InMemoryRetry))
        {
            Activity.Current = null;
            source.StartActivity("throttled")?.Dispose();
            Assert.True(tracer.ForceFlush(30_000));
        }

        Assert.Equal(requests, receiver.Requests.Count);
        Assert.Equal(last, receiver.Requests[^1].Outcome);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc, 401, "StatusCode=\"Unauthenticated\"")]
    [InlineData(ReceiverProtocol.Grpc, 403, "StatusCode=\"PermissionDenied\"")]
    [InlineData(ReceiverProtocol.Grpc, 400, "StatusCode=\"InvalidArgument\"")]
    [InlineData(ReceiverProtocol.HttpProtobuf, 401, "401 (Unauthorized)")]
    [InlineData(ReceiverProtocol.HttpProtobuf, 413, "413 (Payload Too Large)")]
    [InlineData(ReceiverProtocol.HttpProtobuf, 504, "504 (Gateway Timeout)")]
    public async Task The_exporter_reads_the_scripted_status_itself(ReceiverProtocol protocol, int httpStatus, string expected)
    {
        using var log = new ExporterEventLog();
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Http(httpStatus));
        using var exporter = new OtlpTraceExporter(RawOtlpRequests.Options(receiver, protocol));

        Assert.Equal(ExportResult.Failure, RawOtlpRequests.Export(exporter, "refused"));

        log.AssertSaw(receiver, protocol, expected);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task A_partial_success_keeps_the_data_and_names_the_rejected_spans(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.PartialSuccess(2, "2 spans too large"));
        using var client = new HttpClient();

        using var response = await client.SendAsync(RawOtlpRequests.For(receiver, protocol, ReceiverSignal.Traces, RawOtlpRequests.Traces("a", "b", "c")));
        var body = await response.Content.ReadAsByteArrayAsync();

        var message = protocol == ReceiverProtocol.Grpc ? GrpcFraming.ReadSingleMessage(body).Message : body;
        var partial = ExportTraceServiceResponse.Parser.ParseFrom(message).PartialSuccess;
        Assert.Equal((2L, "2 spans too large"), (partial.RejectedSpans, partial.ErrorMessage));
        Assert.Equal(3, receiver.Spans.Count);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(ReceivedRequestOutcome.Accepted, request.Outcome);
        Assert.Equal((ReceiverAnswerKind.PartialSuccess, 2L), (request.Answer!.Kind, request.Answer.RejectedItems));
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task A_partial_success_for_metrics_names_rejected_data_points(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerWith(r => ReceiverAnswer.PartialSuccess(r.DataPointCount - 1, "all but one point dropped"));
        using var client = new HttpClient();

        using var response = await client.SendAsync(RawOtlpRequests.For(receiver, protocol, ReceiverSignal.Metrics, RawOtlpRequests.Metrics("m", points: 4)));
        var body = await response.Content.ReadAsByteArrayAsync();

        var message = protocol == ReceiverProtocol.Grpc ? GrpcFraming.ReadSingleMessage(body).Message : body;
        var partial = ExportMetricsServiceResponse.Parser.ParseFrom(message).PartialSuccess;
        Assert.Equal((3L, "all but one point dropped"), (partial.RejectedDataPoints, partial.ErrorMessage));
        Assert.Equal(4, Assert.Single(receiver.Metrics).DataPoints.Count);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task The_sdk_takes_a_partial_success_as_success(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerAlways(ReceiverAnswer.PartialSuccess(1, "one span dropped"));
        using var exporter = new OtlpTraceExporter(RawOtlpRequests.Options(receiver, protocol));

        Assert.Equal(ExportResult.Success, RawOtlpRequests.Export(exporter, "partly"));

        Assert.Equal("partly", Assert.Single(receiver.Spans).Name);
        Assert.Equal(ReceiverAnswerKind.PartialSuccess, Assert.Single(receiver.Requests).Answer!.Kind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(127)]
    [InlineData(130)]
    [InlineData(131)]
    [InlineData(1000)]
    [InlineData(20000)]
    public void Padding_makes_a_response_exactly_the_size_asked_and_stays_parseable(int size)
    {
        var partial = OtlpResponseEncoder.ExportResponse(ReceiverSignal.Traces, 1, "x");

        var padded = OtlpResponseEncoder.PadTo(partial, partial.Length + size);

        Assert.Equal(size == 1 ? partial.Length : partial.Length + size, padded.Length);
        Assert.Equal(1L, ExportTraceServiceResponse.Parser.ParseFrom(padded).PartialSuccess.RejectedSpans);
    }
}
