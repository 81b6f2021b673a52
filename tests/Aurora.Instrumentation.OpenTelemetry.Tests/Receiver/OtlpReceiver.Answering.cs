using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

// Carrying out an answer on the wire: success (maybe trickled), error, hang and resets.
public sealed partial class OtlpReceiver
{
    private async Task AnswerAsync(HttpContext context, IncomingRequest request, ReceiverAnswer answer, CancellationToken stopping)
    {
        if (answer.Delay is { } delay && !await WaitAsync(context, request, answer, delay, stopping).ConfigureAwait(false))
        {
            return;
        }

        switch (answer.Kind)
        {
            case ReceiverAnswerKind.Hang:
                await HoldAsync(context, request, answer).ConfigureAwait(false);
                return;

            case ReceiverAnswerKind.Reset:
                Record(request, ReceivedRequestOutcome.Reset, answer, "connection reset without an answer (scripted)");
                ResetConnection(context);
                return;

            case ReceiverAnswerKind.AcceptThenReset:
                if (TryCommit(context, request, answer, ReceivedRequestOutcome.AcceptedThenReset))
                {
                    ResetConnection(context);
                }

                return;

            case ReceiverAnswerKind.Error:
                Record(request, ReceivedRequestOutcome.Faulted, answer, answer.Message);
                await WriteErrorAsync(context, request.Protocol, answer).ConfigureAwait(false);
                return;

            case ReceiverAnswerKind.Success or ReceiverAnswerKind.PartialSuccess when answer.TrickleInterval is not null:
                await TrickleAsync(context, request, answer, stopping).ConfigureAwait(false);
                return;

            default:
                if (TryCommit(context, request, answer, ReceivedRequestOutcome.Accepted))
                {
                    await WriteSuccessAsync(context, request, answer).ConfigureAwait(false);
                }

                return;
        }
    }

    // Waits out a delayed answer; false (recorded Aborted) when the client or the receiver went away meanwhile.
    private async Task<bool> WaitAsync(HttpContext context, IncomingRequest request, ReceiverAnswer answer, TimeSpan delay, CancellationToken stopping)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(delay, abort.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            var why = stopping.IsCancellationRequested ? "the receiver stopped" : "the client went away";
            Record(request, ReceivedRequestOutcome.Aborted, answer, $"{why} while the answer was delayed");
            context.Abort();
            return false;
        }
    }

    private async Task HoldAsync(HttpContext context, IncomingRequest request, ReceiverAnswer answer)
    {
        Task release;
        lock (_gate)
        {
            // Listed at once, so a test can wait for "held" before it acts.
            release = _heldRelease.Task;
            RecordLocked(request, ReceivedRequestOutcome.Hung, answer, error: null);
        }

        try
        {
            await release.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client gave up first (its export timeout): nothing left to release.
        }

        context.Abort();
    }

    private static async Task WriteSuccessAsync(HttpContext context, IncomingRequest request, ReceiverAnswer answer)
    {
        var message = SuccessMessage(request, answer);
        var response = context.Response;
        try
        {
            if (request.Protocol == ReceiverProtocol.Grpc)
            {
                // Headers, one Export*ServiceResponse message, then the status in trailers.
                StartGrpcResponse(response);
                await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
                await response.Body.WriteAsync(GrpcFraming.Frame(message), context.RequestAborted).ConfigureAwait(false);
                response.AppendTrailer("grpc-status", GrpcStatusCodes.Ok.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                response.StatusCode = answer.HttpStatus;
                response.ContentType = "application/x-protobuf";
                response.ContentLength = message.Length;
                await response.Body.WriteAsync(message, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client left after the data was committed; nothing more to tell it.
        }
    }

    // One byte per interval after the headers. The data is kept when the acknowledgement goes out: over HTTP the
    // status line (before the first byte), over gRPC the grpc-status trailer (after the last).
    private async Task TrickleAsync(HttpContext context, IncomingRequest request, ReceiverAnswer answer, CancellationToken stopping)
    {
        var grpc = request.Protocol == ReceiverProtocol.Grpc;
        var message = SuccessMessage(request, answer);
        var body = grpc
            ? GrpcFraming.Frame(OtlpResponseEncoder.PadTo(message, answer.TrickleBytes - GrpcFraming.PrefixLength))
            : OtlpResponseEncoder.PadTo(message, answer.TrickleBytes);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var response = context.Response;
        var committed = false;
        try
        {
            if (grpc)
            {
                StartGrpcResponse(response);
            }
            else
            {
                committed = TryCommit(context, request, answer, ReceivedRequestOutcome.Accepted);
                if (!committed)
                {
                    return;
                }

                response.StatusCode = answer.HttpStatus;
                response.ContentType = "application/x-protobuf";
                response.ContentLength = body.Length;
            }

            await response.StartAsync(abort.Token).ConfigureAwait(false);
            await response.Body.FlushAsync(abort.Token).ConfigureAwait(false);
            for (var i = 0; i < body.Length; i++)
            {
                await Task.Delay(answer.TrickleInterval!.Value, abort.Token).ConfigureAwait(false);
                await response.Body.WriteAsync(body.AsMemory(i, 1), abort.Token).ConfigureAwait(false);
                await response.Body.FlushAsync(abort.Token).ConfigureAwait(false);
            }

            if (grpc && TryCommit(context, request, answer, ReceivedRequestOutcome.Accepted))
            {
                committed = true;
                response.AppendTrailer("grpc-status", GrpcStatusCodes.Ok.ToString(CultureInfo.InvariantCulture));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // Over HTTP the client had its 200 already (and the data is kept); otherwise it leaves nothing behind.
            if (!committed)
            {
                var why = stopping.IsCancellationRequested ? "the receiver stopped" : "the client went away";
                Record(request, ReceivedRequestOutcome.Aborted, answer, $"{why} during the trickled answer");
            }

            context.Abort();
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, ReceiverProtocol protocol, ReceiverAnswer answer)
    {
        var response = context.Response;
        try
        {
            if (protocol == ReceiverProtocol.Grpc)
            {
                await WriteGrpcErrorAsync(context, answer).ConfigureAwait(false);
                return;
            }

            // OTLP/HTTP: the error status with a protobuf google.rpc.Status body (unless the test asked for another).
            response.StatusCode = answer.HttpStatus;
            if (answer.RetryAfterHeader is { } retryAfter)
            {
                response.Headers.RetryAfter = retryAfter;
            }

            var body = answer.HttpBody ?? OtlpResponseEncoder.RpcStatus(answer.GrpcStatus, answer.Message);
            response.ContentType = answer.HttpBodyContentType ?? "application/x-protobuf";
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client left before the answer.
        }
    }

    private static async Task WriteGrpcErrorAsync(HttpContext context, ReceiverAnswer answer)
    {
        var response = context.Response;
        var status = new List<KeyValuePair<string, string>>
        {
            new("grpc-status", answer.GrpcStatus.ToString(CultureInfo.InvariantCulture)),
            new("grpc-message", Uri.EscapeDataString(answer.Message)),
        };
        if (answer.RetryInfoDelay is { } delay)
        {
            status.Add(new("grpc-status-details-bin", OtlpResponseEncoder.GrpcStatusDetails(answer.GrpcStatus, answer.Message, delay, answer.PadStatusDetails)));
        }

        StartGrpcResponse(response);
        if (!answer.GrpcStatusInTrailers)
        {
            // "Trailers-Only", as gRPC servers answer errors: status 200 and the status in the one HEADERS frame.
            foreach (var (name, value) in status)
            {
                response.Headers[name] = value;
            }

            return;
        }

        await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        foreach (var (name, value) in status)
        {
            response.AppendTrailer(name, value);
        }
    }

    private static byte[] SuccessMessage(IncomingRequest request, ReceiverAnswer answer) =>
        answer.Kind == ReceiverAnswerKind.PartialSuccess
            ? OtlpResponseEncoder.ExportResponse(request.Signal, answer.RejectedItems, answer.Message)
            : OtlpResponseEncoder.ExportResponse(request.Signal);

    private static void StartGrpcResponse(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-accept-encoding"] = "identity,gzip";
    }

    // Aborts the whole connection (for gRPC the HTTP/2 connection, not just the stream), with linger 0 so the peer
    // gets a TCP RST rather than an orderly close.
    private static void ResetConnection(HttpContext context)
    {
        try
        {
            if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
            {
                socket.LingerState = new LingerOption(enable: true, seconds: 0);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closing: the abort below still ends it.
        }

        if (context.Features.Get<IConnectionLifetimeFeature>() is { } connection)
        {
            connection.Abort();
        }
        else
        {
            context.Abort();
        }
    }
}
