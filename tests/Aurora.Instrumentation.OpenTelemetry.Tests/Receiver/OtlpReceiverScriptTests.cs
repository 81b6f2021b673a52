using System.Diagnostics;
using System.Net;
using RpcStatus = Aurora.Instrumentation.OpenTelemetry.Tests.Receiver.Proto.Rpc.Status;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>Scripted answers: sequences, rules by signal, protocol, sequence number and content, and their order.</summary>
public sealed class OtlpReceiverScriptTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_sequenced_script_answers_503_with_retry_after_first_then_normal()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Http(503).WithRetryAfter(TimeSpan.FromSeconds(1)));
        using var client = new HttpClient();

        using var first = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("refused")));
        using var second = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("kept")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), first.Headers.RetryAfter?.Delta);
        Assert.Equal("application/x-protobuf", first.Content.Headers.ContentType?.MediaType);
        var status = RpcStatus.Parser.ParseFrom(await first.Content.ReadAsByteArrayAsync());
        Assert.Equal(GrpcStatusCodes.Unavailable, status.Code);
        Assert.False(string.IsNullOrEmpty(status.Message));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("kept", Assert.Single(receiver.Spans).Name);
        Assert.Equal([ReceivedRequestOutcome.Faulted, ReceivedRequestOutcome.Accepted], receiver.Requests.Select(r => r.Outcome));
        Assert.Equal(503, receiver.Requests[0].Answer!.HttpStatus);
        Assert.Equal("1", receiver.Requests[0].Answer!.RetryAfterHeader);
        Assert.Equal(ReceiverAnswer.Accept, receiver.Requests[1].Answer);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task The_sdk_honours_a_scripted_503_with_retry_after_and_the_data_arrives_once(ReceiverProtocol protocol)
    {
        // The real exporter with its (opt-in) retry: the scripted answer is understood as "retryable, after this delay".
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Unavailable.WithRetryAfter(TimeSpan.FromMilliseconds(200)));
        var sourceName = $"Receiver.Tests.{Guid.NewGuid():N}";
        using var source = new ActivitySource(sourceName);

        using (var tracer = RawOtlpRequests.Tracer(receiver, protocol, sourceName, RawOtlpRequests.InMemoryRetry))
        {
            Activity.Current = null;
            source.StartActivity("retried")?.Dispose();
            Assert.True(tracer.ForceFlush(30_000));
        }

        Assert.Equal("retried", Assert.Single(receiver.Spans).Name);
        Assert.Equal([ReceivedRequestOutcome.Faulted, ReceivedRequestOutcome.Accepted], receiver.Requests.Select(r => r.Outcome));
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task A_rule_on_content_rejects_only_requests_with_that_span(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var rule = receiver.AnswerAlways(ReceiverAnswer.Http(400, "poison span"), r => r.Signal == ReceiverSignal.Traces && r.HasSpan("poison"));
        using var exporter = new OtlpTraceExporter(RawOtlpRequests.Options(receiver, protocol));

        Assert.Equal(ExportResult.Failure, RawOtlpRequests.Export(exporter, "poison"));
        Assert.Equal(ExportResult.Success, RawOtlpRequests.Export(exporter, "clean"));
        Assert.Equal(ExportResult.Failure, RawOtlpRequests.Export(exporter, "poison"));

        Assert.Equal("clean", Assert.Single(receiver.Spans).Name);
        Assert.Equal(2, rule.Used);
        Assert.Null(rule.Remaining);
        var refused = receiver.Requests.Where(r => r.Outcome == ReceivedRequestOutcome.Faulted).ToList();
        Assert.Equal(2, refused.Count);
        Assert.All(refused, r => Assert.Equal("poison span", r.Error));
        Assert.All(refused, r => Assert.Equal(protocol == ReceiverProtocol.Grpc ? GrpcStatusCodes.InvalidArgument : 400, protocol == ReceiverProtocol.Grpc ? r.Answer!.GrpcStatus : r.Answer!.HttpStatus));
    }

    [Fact]
    public async Task Rules_pick_by_signal_and_protocol()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerAlways(ReceiverAnswer.Grpc(GrpcStatusCodes.Unauthenticated), r => r.Signal == ReceiverSignal.Metrics);
        receiver.AnswerAlways(ReceiverAnswer.Http(413), r => r.Protocol == ReceiverProtocol.HttpProtobuf);
        using var client = new HttpClient();

        using var grpcTraces = await client.SendAsync(RawOtlpRequests.Grpc(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("grpc-traces")));
        using var grpcMetrics = await client.SendAsync(RawOtlpRequests.Grpc(receiver, ReceiverSignal.Metrics, RawOtlpRequests.Metrics("m")));
        using var httpTraces = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("http-traces")));
        using var httpMetrics = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Metrics, RawOtlpRequests.Metrics("m")));

        Assert.Equal(GrpcStatusCodes.Ok, await RawOtlpRequests.GrpcStatusAsync(grpcTraces));
        Assert.Equal(GrpcStatusCodes.Unauthenticated, await RawOtlpRequests.GrpcStatusAsync(grpcMetrics));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, httpTraces.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, httpMetrics.StatusCode); // the first matching rule wins; UNAUTHENTICATED is 401
        Assert.Equal("grpc-traces", Assert.Single(receiver.Spans).Name);
        Assert.Empty(receiver.Metrics);
    }

    [Fact]
    public async Task A_rule_can_decide_by_sequence_number()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerWith(r => r.Sequence % 2 == 0 ? ReceiverAnswer.Unavailable : null);
        using var client = new HttpClient();

        for (var i = 1; i <= 4; i++)
        {
            using var response = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces($"span-{i}")));
        }

        Assert.Equal(["span-1", "span-3"], receiver.Spans.Select(s => s.Name));
        Assert.Equal([1, 2, 3, 4], receiver.Requests.Select(r => r.Sequence));
        Assert.Equal(
            [ReceivedRequestOutcome.Accepted, ReceivedRequestOutcome.Faulted, ReceivedRequestOutcome.Accepted, ReceivedRequestOutcome.Faulted],
            receiver.Requests.Select(r => r.Outcome));
    }

    [Fact]
    public async Task Rules_apply_in_order_each_for_its_count_then_the_mode_answers()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var unavailable = receiver.AnswerNext(ReceiverAnswer.Unavailable, times: 2);
        var throttled = receiver.AnswerNext(ReceiverAnswer.Throttled);
        using var client = new HttpClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces($"span-{i}")));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], statuses);
        Assert.Equal((2, 0), (unavailable.Used, unavailable.Remaining));
        Assert.Equal((1, 0), (throttled.Used, throttled.Remaining));
        Assert.Equal("span-3", Assert.Single(receiver.Spans).Name);

        receiver.Mode = OtlpReceiverMode.Status503;
        using var fallback = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("mode")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, fallback.StatusCode);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task The_next_n_requests_are_exactly_n_under_concurrent_requests(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Unavailable, times: 3);
        using var client = new HttpClient();

        var sends = Enumerable.Range(0, 12).Select(async i =>
        {
            using var response = await client.SendAsync(RawOtlpRequests.For(receiver, protocol, ReceiverSignal.Traces, RawOtlpRequests.Traces($"span-{i}")));
            await response.Content.ReadAsByteArrayAsync();
        });
        await Task.WhenAll(sends).WaitAsync(Guard);

        Assert.Equal(3, receiver.RequestCount(protocol, ReceivedRequestOutcome.Faulted));
        Assert.Equal(9, receiver.AcceptedRequestCount(protocol));
        Assert.Equal(9, receiver.Spans.Count);
        Assert.Equal(Enumerable.Range(1, 12), receiver.Requests.Select(r => r.Sequence).Order());
    }

    [Fact]
    public async Task A_rule_that_throws_is_answered_500_and_recorded_as_rejected()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerWith(_ => throw new InvalidOperationException("bug in the test"));
        using var client = new HttpClient();

        using var response = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("x")));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(ReceivedRequestOutcome.Rejected, request.Outcome);
        Assert.Contains("bug in the test", request.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Spans);
    }

    [Fact]
    public async Task Clearing_answers_returns_to_the_mode()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerAlways(ReceiverAnswer.Http(401));
        using var client = new HttpClient();
        using var refused = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("refused")));

        receiver.ClearAnswers();
        using var accepted = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("accepted")));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("401", receiver.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Answers_refuse_contradictions_and_unbounded_trickles()
    {
        Assert.Throws<ArgumentException>(() => ReceiverAnswer.Status(200, GrpcStatusCodes.Unavailable));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReceiverAnswer.Grpc(17));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReceiverAnswer.Http(199));
        Assert.Throws<InvalidOperationException>(() => ReceiverAnswer.Accept.WithRetryAfter(TimeSpan.FromSeconds(1)));
        Assert.Throws<InvalidOperationException>(() => ReceiverAnswer.Http(503).Trickled(TimeSpan.FromMilliseconds(10)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReceiverAnswer.Trickle(TimeSpan.FromSeconds(1), bytes: 1_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReceiverAnswer.Trickle(TimeSpan.FromMilliseconds(1), bytes: ReceiverAnswer.MaxTrickleBytes + 1));
        Assert.Equal(ReceiverAnswerKind.Success, ReceiverAnswer.Grpc(GrpcStatusCodes.Ok).Kind);
        Assert.Equal(ReceiverAnswerKind.Success, ReceiverAnswer.Http(204).Kind);
    }

    [Theory]
    [InlineData(400, GrpcStatusCodes.InvalidArgument)]
    [InlineData(401, GrpcStatusCodes.Unauthenticated)]
    [InlineData(403, GrpcStatusCodes.PermissionDenied)]
    [InlineData(404, GrpcStatusCodes.Unimplemented)]
    [InlineData(413, GrpcStatusCodes.ResourceExhausted)]
    [InlineData(429, GrpcStatusCodes.ResourceExhausted)]
    [InlineData(500, GrpcStatusCodes.Internal)]
    [InlineData(502, GrpcStatusCodes.Unavailable)]
    [InlineData(503, GrpcStatusCodes.Unavailable)]
    [InlineData(504, GrpcStatusCodes.Unavailable)]
    public void Http_answers_carry_the_grpc_equivalent(int httpStatus, int grpcStatus)
    {
        var answer = ReceiverAnswer.Http(httpStatus);

        Assert.Equal((ReceiverAnswerKind.Error, httpStatus, grpcStatus), (answer.Kind, answer.HttpStatus, answer.GrpcStatus));
    }
}
