using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

// Request handling: routing, validation, decoding, choosing the answer and recording what happened.
public sealed partial class OtlpReceiver
{
    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        int sequence;
        CancellationToken stopping;
        lock (_gate)
        {
            sequence = ++_arrivals;
            stopping = _stopping.Token;
        }

        var protocol = HttpProtocol.IsHttp2(request.Protocol) ? ReceiverProtocol.Grpc : ReceiverProtocol.HttpProtobuf;
        var path = request.Path.Value ?? string.Empty;
        var signal = (protocol, path) switch
        {
            (ReceiverProtocol.Grpc, GrpcTracesPath) or (ReceiverProtocol.HttpProtobuf, HttpTracesPath) => ReceiverSignal.Traces,
            (ReceiverProtocol.Grpc, GrpcMetricsPath) or (ReceiverProtocol.HttpProtobuf, HttpMetricsPath) => ReceiverSignal.Metrics,
            _ => ReceiverSignal.Unknown,
        };
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var incoming = new IncomingRequest(
            sequence, protocol, signal, path, headers, [], [], request.IsHttps, context.Connection.ClientCertificate?.Subject);

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            body = buffer.ToArray();
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            Record(incoming, ReceivedRequestOutcome.Aborted, answer: null, error: $"reading the body failed: {ex.Message}");
            return;
        }

        var refusal = Validate(request, protocol, signal) ?? Decode(ref incoming, headers, body);
        if (refusal is not null)
        {
            Record(incoming, ReceivedRequestOutcome.Rejected, refusal, refusal.Message);
            await WriteErrorAsync(context, protocol, refusal).ConfigureAwait(false);
            return;
        }

        ReceiverAnswer answer;
        try
        {
            answer = ChooseAnswer(incoming);
        }
        catch (Exception ex)
        {
            // A throwing rule is a bug in the test: make it loud, not a silent success.
            var failure = ReceiverAnswer.Status(500, GrpcStatusCodes.Internal, $"an answer rule threw: {ex.GetType().Name}: {ex.Message}");
            Record(incoming, ReceivedRequestOutcome.Rejected, failure, failure.Message);
            await WriteErrorAsync(context, protocol, failure).ConfigureAwait(false);
            return;
        }

        await AnswerAsync(context, incoming, answer, stopping).ConfigureAwait(false);
    }

    private static ReceiverAnswer? Validate(HttpRequest request, ReceiverProtocol protocol, ReceiverSignal signal)
    {
        if (signal == ReceiverSignal.Unknown)
        {
            return ReceiverAnswer.Status(StatusCodes.Status404NotFound, GrpcStatusCodes.Unimplemented, $"no OTLP service at '{request.Path}' for {protocol}");
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return ReceiverAnswer.Status(StatusCodes.Status405MethodNotAllowed, GrpcStatusCodes.Unimplemented, $"method {request.Method} is not POST");
        }

        var contentType = request.ContentType ?? string.Empty;
        var expected = protocol == ReceiverProtocol.Grpc ? "application/grpc" : "application/x-protobuf";
        var matches = protocol == ReceiverProtocol.Grpc
            ? contentType.StartsWith(expected, StringComparison.OrdinalIgnoreCase)
            : contentType.Split(';')[0].Trim().Equals(expected, StringComparison.OrdinalIgnoreCase);
        return matches
            ? null
            : ReceiverAnswer.Status(
                StatusCodes.Status415UnsupportedMediaType,
                GrpcStatusCodes.Unimplemented,
                $"content type '{contentType}' is not {expected} (this receiver does not speak OTLP/JSON)");
    }

    // Strips the transport and decodes with the generated classes; returns the refusal when that fails.
    private static ReceiverAnswer? Decode(ref IncomingRequest incoming, Dictionary<string, string> headers, byte[] body)
    {
        try
        {
            var payload = Unwrap(incoming.Protocol, headers, body);
            incoming = incoming.Signal == ReceiverSignal.Traces
                ? incoming with { Spans = OtlpProtobufDecoder.DecodeTraces(payload, incoming.Protocol) }
                : incoming with { Metrics = OtlpProtobufDecoder.DecodeMetrics(payload, incoming.Protocol) };
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidProtocolBufferException)
        {
            return ReceiverAnswer.Status(StatusCodes.Status400BadRequest, GrpcStatusCodes.InvalidArgument, $"undecodable request: {ex.Message}");
        }
        catch (NotSupportedException ex)
        {
            return ReceiverAnswer.Status(StatusCodes.Status415UnsupportedMediaType, GrpcStatusCodes.Unimplemented, ex.Message);
        }
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

    // Commits the request's data and records it, unless the client already left; true when committed.
    private bool TryCommit(HttpContext context, IncomingRequest request, ReceiverAnswer answer, ReceivedRequestOutcome outcome)
    {
        lock (_gate)
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                RecordLocked(request, ReceivedRequestOutcome.Aborted, answer, "the client went away before the answer");
                return false;
            }

            // Commit before answering: when the exporter sees success, the data is already visible to the test.
            _spans.AddRange(request.Spans);
            _metrics.AddRange(request.Metrics);
            RecordLocked(request, outcome, answer, error: null, request.ItemCount);
            return true;
        }
    }

    private void Record(IncomingRequest request, ReceivedRequestOutcome outcome, ReceiverAnswer? answer, string? error = null)
    {
        lock (_gate)
        {
            RecordLocked(request, outcome, answer, error);
        }
    }

    private void RecordLocked(IncomingRequest request, ReceivedRequestOutcome outcome, ReceiverAnswer? answer, string? error, int items = 0)
    {
        _requests.Add(new ReceivedRequest(request.Sequence, request.Protocol, request.Signal, request.Path, request.Headers, outcome, items, error)
        {
            Answer = answer,
            IsTls = request.IsTls,
            ClientCertificateSubject = request.ClientCertificateSubject,
        });
        SignalWaitersLocked();
    }
}
