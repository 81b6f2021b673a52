using System.Globalization;
using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

// Request handling: routing, validation, fault injection, decoding, commit and the answer on the wire.
public sealed partial class OtlpReceiver
{
    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var protocol = HttpProtocol.IsHttp2(request.Protocol) ? ReceiverProtocol.Grpc : ReceiverProtocol.HttpProtobuf;
        var path = request.Path.Value ?? string.Empty;
        var signal = (protocol, path) switch
        {
            (ReceiverProtocol.Grpc, GrpcTracesPath) or (ReceiverProtocol.HttpProtobuf, HttpTracesPath) => ReceiverSignal.Traces,
            (ReceiverProtocol.Grpc, GrpcMetricsPath) or (ReceiverProtocol.HttpProtobuf, HttpMetricsPath) => ReceiverSignal.Metrics,
            _ => ReceiverSignal.Unknown,
        };
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        void Note(ReceivedRequestOutcome outcome, string? error = null) =>
            Record(protocol, signal, path, headers, outcome, 0, error);

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            body = buffer.ToArray();
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            Note(ReceivedRequestOutcome.Aborted, error: $"reading the body failed: {ex.Message}");
            return;
        }

        var refusal = Validate(request, protocol, signal);
        if (refusal is not null)
        {
            Note(ReceivedRequestOutcome.Rejected, error: refusal.Value.Message);
            await AnswerErrorAsync(context, protocol, refusal.Value.HttpStatus, refusal.Value.GrpcStatus, refusal.Value.Message).ConfigureAwait(false);
            return;
        }

        OtlpReceiverMode mode;
        TimeSpan? retryAfter;
        Task release;
        lock (_gate)
        {
            (mode, retryAfter, release) = (_mode, _retryAfter, _hangRelease.Task);
        }

        switch (mode)
        {
            case OtlpReceiverMode.Hang:
                Note(ReceivedRequestOutcome.Hung);
                try
                {
                    await release.WaitAsync(context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up first (its export timeout): nothing left to release.
                }

                context.Abort();
                return;

            case OtlpReceiverMode.Status503:
            case OtlpReceiverMode.Status429:
                var unavailable = mode == OtlpReceiverMode.Status503;
                Note(ReceivedRequestOutcome.Faulted, error: $"injected {mode}");
                await AnswerErrorAsync(
                    context,
                    protocol,
                    unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status429TooManyRequests,
                    unavailable ? GrpcStatusCodes.Unavailable : GrpcStatusCodes.ResourceExhausted,
                    $"injected fault: {mode}",
                    retryAfter).ConfigureAwait(false);
                return;
        }

        List<ReceivedSpan>? spans = null;
        List<ReceivedMetric>? metrics = null;
        try
        {
            var payload = Unwrap(protocol, headers, body);
            if (signal == ReceiverSignal.Traces)
            {
                spans = OtlpProtobufDecoder.DecodeTraces(payload, protocol);
            }
            else
            {
                metrics = OtlpProtobufDecoder.DecodeMetrics(payload, protocol);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidProtocolBufferException)
        {
            Note(ReceivedRequestOutcome.Rejected, error: $"undecodable request: {ex.Message}");
            await AnswerErrorAsync(context, protocol, StatusCodes.Status400BadRequest, GrpcStatusCodes.InvalidArgument, ex.Message).ConfigureAwait(false);
            return;
        }
        catch (NotSupportedException ex)
        {
            Note(ReceivedRequestOutcome.Rejected, error: ex.Message);
            await AnswerErrorAsync(context, protocol, StatusCodes.Status415UnsupportedMediaType, GrpcStatusCodes.Unimplemented, ex.Message).ConfigureAwait(false);
            return;
        }

        lock (_gate)
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                RecordLocked(protocol, signal, path, headers, ReceivedRequestOutcome.Aborted, 0, "the client went away before the answer");
                return;
            }

            // Commit before answering: when the exporter sees success, the data is already visible to the test.
            _spans.AddRange(spans ?? []);
            _metrics.AddRange(metrics ?? []);
            RecordLocked(protocol, signal, path, headers, ReceivedRequestOutcome.Accepted, spans?.Count ?? metrics!.Count, null);
        }

        await AnswerSuccessAsync(context, protocol).ConfigureAwait(false);
    }

    private static (int HttpStatus, int GrpcStatus, string Message)? Validate(HttpRequest request, ReceiverProtocol protocol, ReceiverSignal signal)
    {
        if (signal == ReceiverSignal.Unknown)
        {
            return (StatusCodes.Status404NotFound, GrpcStatusCodes.Unimplemented, $"no OTLP service at '{request.Path}' for {protocol}");
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return (StatusCodes.Status405MethodNotAllowed, GrpcStatusCodes.Unimplemented, $"method {request.Method} is not POST");
        }

        var contentType = request.ContentType ?? string.Empty;
        var expected = protocol == ReceiverProtocol.Grpc ? "application/grpc" : "application/x-protobuf";
        var matches = protocol == ReceiverProtocol.Grpc
            ? contentType.StartsWith(expected, StringComparison.OrdinalIgnoreCase)
            : contentType.Split(';')[0].Trim().Equals(expected, StringComparison.OrdinalIgnoreCase);
        return matches
            ? null
            : (StatusCodes.Status415UnsupportedMediaType, GrpcStatusCodes.Unimplemented,
                $"content type '{contentType}' is not {expected} (this receiver does not speak OTLP/JSON)");
    }

    // Strips the transport: gRPC framing and per-message compression, or HTTP Content-Encoding.
    private static byte[] Unwrap(ReceiverProtocol protocol, Dictionary<string, string> headers, byte[] body)
    {
        if (protocol == ReceiverProtocol.Grpc)
        {
            var (compressed, message) = GrpcFraming.ReadSingleMessage(body);
            if (!compressed)
            {
                return message;
            }

            var encoding = headers.GetValueOrDefault("grpc-encoding", "identity");
            return IsGzip(encoding)
                ? Gunzip(message)
                : throw new NotSupportedException($"grpc-encoding '{encoding}' is not supported (gzip is)");
        }

        var contentEncoding = headers.GetValueOrDefault("Content-Encoding", "identity");
        return contentEncoding switch
        {
            _ when IsGzip(contentEncoding) => Gunzip(body),
            _ when contentEncoding.Equals("identity", StringComparison.OrdinalIgnoreCase) || contentEncoding.Length == 0 => body,
            _ => throw new NotSupportedException($"Content-Encoding '{contentEncoding}' is not supported (gzip is)"),
        };
    }

    private static bool IsGzip(string encoding) => encoding.Trim().Equals("gzip", StringComparison.OrdinalIgnoreCase);

    private static byte[] Gunzip(byte[] compressed)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            return plain.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"gzip payload is corrupt: {ex.Message}", ex);
        }
    }

    private static async Task AnswerSuccessAsync(HttpContext context, ReceiverProtocol protocol)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        try
        {
            if (protocol == ReceiverProtocol.Grpc)
            {
                // Headers, one empty Export*ServiceResponse message, then the status in trailers.
                response.ContentType = "application/grpc";
                response.Headers["grpc-accept-encoding"] = "identity,gzip";
                await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
                await response.Body.WriteAsync(GrpcFraming.Frame([]), context.RequestAborted).ConfigureAwait(false);
                response.AppendTrailer("grpc-status", GrpcStatusCodes.Ok.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                // An empty Export*ServiceResponse serialises to zero bytes.
                response.ContentType = "application/x-protobuf";
                response.ContentLength = 0;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client left after the data was committed; nothing more to tell it.
        }
    }

    private static async Task AnswerErrorAsync(
        HttpContext context, ReceiverProtocol protocol, int httpStatus, int grpcStatus, string message, TimeSpan? retryAfter = null)
    {
        var response = context.Response;
        try
        {
            if (protocol == ReceiverProtocol.Grpc)
            {
                // A "Trailers-Only" answer, as gRPC servers send for errors: status 200 and grpc-status in one HEADERS frame.
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/grpc";
                response.Headers["grpc-status"] = grpcStatus.ToString(CultureInfo.InvariantCulture);
                response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            }
            else
            {
                response.StatusCode = httpStatus;
                if (retryAfter is { } delay)
                {
                    response.Headers.RetryAfter = ((long)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                response.ContentType = "text/plain";
                await response.WriteAsync(message, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client left before the answer.
        }
    }

    private void Record(
        ReceiverProtocol protocol, ReceiverSignal signal, string path, Dictionary<string, string> headers,
        ReceivedRequestOutcome outcome, int items, string? error)
    {
        lock (_gate)
        {
            RecordLocked(protocol, signal, path, headers, outcome, items, error);
        }
    }

    private void RecordLocked(
        ReceiverProtocol protocol, ReceiverSignal signal, string path, Dictionary<string, string> headers,
        ReceivedRequestOutcome outcome, int items, string? error)
    {
        _requests.Add(new ReceivedRequest(_requests.Count + 1, protocol, signal, path, headers, outcome, items, error));
        SignalWaitersLocked();
    }
}
