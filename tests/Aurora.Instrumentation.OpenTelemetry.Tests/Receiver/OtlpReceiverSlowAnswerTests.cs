using System.Net;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver.Proto.Collector.Trace;
using OpenTelemetry;
using OpenTelemetry.Exporter;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>Answers that take time or never come: trickle, reset, accept-then-reset and scripted hangs.</summary>
public sealed class OtlpReceiverSlowAnswerTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_trickled_http_answer_arrives_whole_and_keeps_the_data()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.PartialSuccess(1, "one dropped").Trickled(TimeSpan.FromMilliseconds(2), bytes: 40));
        using var client = new HttpClient();

        using var response = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("slow", "other")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(40, body.Length);
        Assert.Equal(40L, response.Content.Headers.ContentLength);
        Assert.Equal(1L, ExportTraceServiceResponse.Parser.ParseFrom(body).PartialSuccess.RejectedSpans);
        Assert.Equal(2, receiver.Spans.Count);
        Assert.Equal(ReceivedRequestOutcome.Accepted, Assert.Single(receiver.Requests).Outcome);
    }

    [Fact]
    public async Task A_trickled_grpc_answer_is_one_framed_message_sent_byte_by_byte_then_an_ok_trailer()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Trickle(TimeSpan.FromMilliseconds(200), bytes: 20));
        using var client = new HttpClient();

        using var response = await client.SendAsync(
            RawOtlpRequests.Grpc(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("slow")), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var first = new byte[1];
        Assert.Equal(1, await stream.ReadAsync(first).AsTask().WaitAsync(Guard));

        // The first byte is here while the other 19 (4 s of them) are not: gRPC keeps the data only at the trailer.
        Assert.Empty(receiver.Spans);
        var rest = new MemoryStream();
        await stream.CopyToAsync(rest).WaitAsync(Guard);
        var body = (byte[])[first[0], .. rest.ToArray()];
        Assert.Equal(20, body.Length);
        Assert.Null(ExportTraceServiceResponse.Parser.ParseFrom(GrpcFraming.ReadSingleMessage(body).Message).PartialSuccess);
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Equal("slow", Assert.Single(receiver.Spans).Name);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc, true)]
    [InlineData(ReceiverProtocol.Grpc, false)]
    [InlineData(ReceiverProtocol.HttpProtobuf, false)]
    public async Task A_slow_answer_longer_than_the_export_timeout_fails_the_export_and_keeps_nothing(ReceiverProtocol protocol, bool trickle)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        using var exporter = new OtlpTraceExporter(RawOtlpRequests.Options(receiver, protocol, timeoutMilliseconds: 5_000));
        Assert.Equal(ExportResult.Success, RawOtlpRequests.Export(exporter, "warm-up")); // the connect is not what times out

        // 60 s against a 5 s timeout: the margin only grows on a loaded machine. (An HTTP trickle is acknowledged by
        // its status line, so only gRPC's can time out.)
        receiver.AnswerNext(trickle
            ? ReceiverAnswer.Trickle(TimeSpan.FromMilliseconds(500), bytes: 120)
            : ReceiverAnswer.Accept.Delayed(TimeSpan.FromSeconds(60)));
        var result = await Task.Run(() => RawOtlpRequests.Export(exporter, "too-slow")).WaitAsync(Guard);

        Assert.Equal(ExportResult.Failure, result);
        var requests = await receiver.WaitForRequestsAsync(r => r.Any(x => x.Outcome == ReceivedRequestOutcome.Aborted), Guard);
        var aborted = requests.Single(r => r.Outcome == ReceivedRequestOutcome.Aborted);
        Assert.Contains(trickle ? "during the trickled answer" : "while the answer was delayed", aborted.Error, StringComparison.Ordinal);
        Assert.Equal("warm-up", Assert.Single(receiver.Spans).Name);
    }

    [Fact]
    public async Task Over_http_the_status_line_acknowledges_a_trickled_answer()
    {
        // The SDK takes the 200 and does not wait for the body: the data is kept when the status line goes out.
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Trickle(TimeSpan.FromMilliseconds(500), bytes: 120));
        using var exporter = new OtlpTraceExporter(RawOtlpRequests.Options(receiver, ReceiverProtocol.HttpProtobuf, timeoutMilliseconds: 30_000));

        Assert.Equal(ExportResult.Success, await Task.Run(() => RawOtlpRequests.Export(exporter, "acknowledged")).WaitAsync(Guard));

        Assert.Equal("acknowledged", Assert.Single(receiver.Spans).Name);
        Assert.Equal(ReceivedRequestOutcome.Accepted, Assert.Single(receiver.Requests).Outcome);
    }

    [Fact]
    public async Task A_delayed_answer_is_the_scripted_one()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Http(503).WithRetryAfter(TimeSpan.FromSeconds(3)).Delayed(TimeSpan.FromMilliseconds(20)));
        using var client = new HttpClient();

        using var response = await client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("late")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Equal(ReceivedRequestOutcome.Faulted, Assert.Single(receiver.Requests).Outcome);
    }

    [Fact]
    public async Task Stopping_the_receiver_ends_a_trickle_at_once()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Trickle(TimeSpan.FromSeconds(1), bytes: 100));
        using var client = new HttpClient();
        using var response = await client.SendAsync(
            RawOtlpRequests.Grpc(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("cut")), HttpCompletionOption.ResponseHeadersRead);

        await receiver.StopAsync().WaitAsync(Guard);

        var request = Assert.Single(await receiver.WaitForRequestsAsync(1, Guard));
        Assert.Equal(ReceivedRequestOutcome.Aborted, request.Outcome);
        Assert.Contains("the receiver stopped", request.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Spans);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task A_reset_fails_the_request_keeps_nothing_and_the_next_connection_works(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Reset);
        using var client = new HttpClient();

        var error = await Assert.ThrowsAsync<HttpRequestException>(
            () => client.SendAsync(RawOtlpRequests.For(receiver, protocol, ReceiverSignal.Traces, RawOtlpRequests.Traces("reset")))).WaitAsync(Guard);
        using var after = await client.SendAsync(RawOtlpRequests.For(receiver, protocol, ReceiverSignal.Traces, RawOtlpRequests.Traces("after")));
        await after.Content.ReadAsByteArrayAsync();

        Assert.NotNull(error);
        Assert.Equal([ReceivedRequestOutcome.Reset, ReceivedRequestOutcome.Accepted], receiver.Requests.Select(r => r.Outcome));
        Assert.Equal("after", Assert.Single(receiver.Spans).Name);
    }

    [Fact]
    public async Task An_http_reset_is_a_tcp_reset()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Reset);
        using var client = new HttpClient();

        var error = await Assert.ThrowsAsync<HttpRequestException>(
            () => client.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("reset")))).WaitAsync(Guard);

        var causes = new List<Exception>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            causes.Add(e);
        }

        Assert.Contains(causes, e => e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset });
    }

    [Fact]
    public async Task A_grpc_reset_takes_down_the_whole_http2_connection()
    {
        // Two calls share one HTTP/2 connection: resetting the second must end the first (held) one too.
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Hang);
        using var client = new HttpClient();
        var held = client.SendAsync(RawOtlpRequests.Grpc(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("held")));
        await receiver.WaitForRequestsAsync(r => r.Any(x => x.Outcome == ReceivedRequestOutcome.Hung), Guard);
        receiver.AnswerNext(ReceiverAnswer.Reset);

        await Assert.ThrowsAsync<HttpRequestException>(
            () => client.SendAsync(RawOtlpRequests.Grpc(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("reset")))).WaitAsync(Guard);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => held.WaitAsync(Guard));
        Assert.IsNotType<TimeoutException>(failure); // ended by the reset, not by the guard
        Assert.Empty(receiver.Spans);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task The_sdk_sees_a_reset_as_a_failed_export(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Reset);
        using var exporter = new OtlpTraceExporter(RawOtlpRequests.Options(receiver, protocol));

        Assert.Equal(ExportResult.Failure, await Task.Run(() => RawOtlpRequests.Export(exporter, "reset")).WaitAsync(Guard));
        Assert.Equal(ExportResult.Success, await Task.Run(() => RawOtlpRequests.Export(exporter, "after")).WaitAsync(Guard));

        Assert.Equal("after", Assert.Single(receiver.Spans).Name);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Accept_then_reset_keeps_data_the_exporter_believes_lost(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.AcceptThenReset);
        using var exporter = new OtlpTraceExporter(RawOtlpRequests.Options(receiver, protocol));

        Assert.Equal(ExportResult.Failure, await Task.Run(() => RawOtlpRequests.Export(exporter, "kept-unconfirmed")).WaitAsync(Guard));

        Assert.Equal("kept-unconfirmed", Assert.Single(receiver.Spans).Name);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal((ReceivedRequestOutcome.AcceptedThenReset, 1), (request.Outcome, request.ItemCount));
        Assert.Equal(0, receiver.AcceptedRequestCount(protocol));
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task A_scripted_hang_holds_one_request_until_released(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Hang);
        using var exporter = new OtlpTraceExporter(RawOtlpRequests.Options(receiver, protocol, timeoutMilliseconds: 600_000));

        var held = Task.Run(() => RawOtlpRequests.Export(exporter, "held"));
        await receiver.WaitForRequestsAsync(r => r.Any(x => x.Outcome == ReceivedRequestOutcome.Hung), Guard);
        receiver.ReleaseHeld();

        Assert.Equal(ExportResult.Failure, await held.WaitAsync(Guard));
        Assert.Equal(ExportResult.Success, await Task.Run(() => RawOtlpRequests.Export(exporter, "after")).WaitAsync(Guard));
        Assert.Equal("after", Assert.Single(receiver.Spans).Name);
        Assert.Equal(OtlpReceiverMode.Normal, receiver.Mode);
    }
}
