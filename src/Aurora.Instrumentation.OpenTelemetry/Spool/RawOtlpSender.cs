using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Aurora.Instrumentation.OpenTelemetry.Export;

namespace Aurora.Instrumentation.OpenTelemetry.Spool;

/// <summary>
/// Sends a spooled <c>ExportTraceServiceRequest</c> as it is: an http/protobuf POST, or a unary gRPC call
/// (HTTP/2, 5-byte message framing, success only when <c>grpc-status</c> is 0). Used only by the spool drain,
/// on the background thread.
/// </summary>
internal sealed class RawOtlpSender : IDisposable
{
    private readonly OtlpTarget _target;
    private readonly HttpClient _client;

    public RawOtlpSender(OtlpTarget target)
    {
        _target = target;
        _client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromMilliseconds(Math.Min(target.TimeoutMilliseconds, 5000)) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Whether the receiver confirmed the request. Never throws; bounded by the OTLP timeout and <paramref name="cancellation"/>.</summary>
    public bool TrySend(ReadOnlyMemory<byte> request, CancellationToken cancellation, out string? problem)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_target.TimeoutMilliseconds);
        try
        {
            using var message = _target.Protocol == OtlpProtocol.Grpc ? CreateGrpcRequest(request) : CreateHttpRequest(request);
            foreach (var header in _target.ParseHeaders())
            {
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            // Synchronous Send does not support HTTP/2; this runs on the dedicated export thread, so blocking is fine.
            using var response = _client.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token).GetAwaiter().GetResult();
            if (_target.Protocol == OtlpProtocol.HttpProtobuf)
            {
                problem = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
                return response.IsSuccessStatusCode;
            }

            var status = GrpcStatus(response);
            problem = response.StatusCode == HttpStatusCode.OK && status == "0" ? null : $"HTTP {(int)response.StatusCode}, grpc-status {status ?? "missing"}";
            return problem is null;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException or InvalidOperationException)
        {
            problem = ex.GetType().Name;
            return false;
        }
    }

    public void Dispose() => _client.Dispose();

    private static string? GrpcStatus(HttpResponseMessage response)
    {
        // A "trailers-only" reply puts grpc-status in the headers; a normal one in the trailers (read with the body).
        if (response.TrailingHeaders.TryGetValues("grpc-status", out var trailer))
        {
            return trailer.FirstOrDefault();
        }

        return response.Headers.TryGetValues("grpc-status", out var header) ? header.FirstOrDefault() : null;
    }

    private HttpRequestMessage CreateHttpRequest(ReadOnlyMemory<byte> request)
    {
        var content = new ReadOnlyMemoryContent(request);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return new HttpRequestMessage(HttpMethod.Post, _target.TraceRequestUri) { Content = content };
    }

    private HttpRequestMessage CreateGrpcRequest(ReadOnlyMemory<byte> request)
    {
        var framed = new byte[5 + request.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)request.Length);
        request.Span.CopyTo(framed.AsSpan(5));
        var content = new ByteArrayContent(framed);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        var message = new HttpRequestMessage(HttpMethod.Post, _target.TraceRequestUri)
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        message.Headers.TryAddWithoutValidation("te", "trailers");
        return message;
    }
}
