using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Aurora.Instrumentation.OpenTelemetry.Diagnostics;

namespace Aurora.Instrumentation.OpenTelemetry.Otlp;

/// <summary>
/// Sends serialised OTLP requests of one signal: an http/protobuf POST, or a unary gRPC call (HTTP/2, 5-byte message
/// framing, the status from <c>grpc-status</c>), with the signal's headers, timeout, gzip compression, certificate
/// authorities and client certificate, and a <c>User-Agent</c> naming this exporter. Each answer is classified by the
/// OTLP specification's rules (<see cref="OtlpStatusRules"/>): confirmed (reading <c>partial_success</c>), retryable
/// (with the collector's <c>Retry-After</c> or <c>RetryInfo</c>) or permanent. Runs only on a background thread or in
/// the detached sender; never throws; every request is bounded by the timeout and the caller's deadline.
/// </summary>
internal sealed class OtlpSender : IDisposable
{
    /// <summary>A collector's answer is a few bytes; more than this is not read (a hostile or broken peer).</summary>
    private const int MaxResponseBytes = 64 * 1024;

    /// <summary>
    /// A limit beyond this is none: no timeout (<c>…_TIMEOUT=0</c>) and no deadline of the caller's own (the app's export
    /// thread, which its exit cancels). A timer cannot be set that far anyway.
    /// </summary>
    private static readonly TimeSpan s_noLimit = TimeSpan.FromDays(1);

    private readonly OtlpSignalSettings _settings;
    private readonly OtlpTemporality _temporality;
    private readonly HttpClient _client;
    private readonly string _userAgent;

    private OtlpSender(OtlpSignalSettings settings, OtlpTemporality temporality, HttpClient client)
    {
        _settings = settings;
        _temporality = temporality;
        _client = client;
        _userAgent = "Aurora-OTLP-Exporter-Dotnet/" + (Aurora.Instrumentation.Telemetry.LibraryVersion.Value ?? "0.0.0");
    }

    public OtlpSignalSettings Settings => _settings;

    /// <summary>The sender, or <c>null</c> with the reason when its TLS material cannot be loaded.</summary>
    public static OtlpSender? TryCreate(OtlpSignalSettings settings, OtlpTemporality temporality, out string? problem)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = settings.Timeout is { } timeout && timeout < TimeSpan.FromSeconds(5) ? timeout : TimeSpan.FromSeconds(5),
            UseProxy = true,
            AllowAutoRedirect = false,
            MaxResponseHeadersLength = 64,
        };
        try
        {
            var ssl = new SslClientAuthenticationOptions();
            if (settings.CertificatePath is { } authorities)
            {
                var roots = new X509Certificate2Collection();
                roots.ImportFromPemFile(authorities);
                if (roots.Count == 0)
                {
                    // An empty trust store would refuse every collector at each handshake, later and less clearly.
                    throw new System.Security.Cryptography.CryptographicException("the file holds no PEM certificate");
                }

                var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
                policy.CustomTrustStore.AddRange(roots);
                ssl.CertificateChainPolicy = policy;
            }

            if (settings.ClientCertificatePath is { } certificate && settings.ClientKeyPath is { } key)
            {
                ssl.ClientCertificates = [X509Certificate2.CreateFromPemFile(certificate, key)];
            }

            handler.SslOptions = ssl;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            handler.Dispose();
            var variable = OtlpVariables.Specific(settings.Signal, OtlpVariables.Certificate);
            problem = $"the TLS certificate or key files of the {settings.Signal.ToString().ToLowerInvariant()} (…{OtlpVariables.Certificate}, …{OtlpVariables.ClientCertificate}, …{OtlpVariables.ClientKey}, e.g. {variable}) could not be loaded: {ValueExcerpt.Quoted(ex.Message)}";
            return null;
        }

        problem = null;
        return new OtlpSender(settings, temporality, new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan });
    }

    /// <summary>Sends one request; bounded by the signal's timeout and <paramref name="deadline"/>.</summary>
    public OtlpExportResult Send(ReadOnlyMemory<byte> request, TimeSpan deadline, CancellationToken cancellation)
    {
        var limit = _settings.Timeout is { } timeout && timeout < deadline ? timeout : deadline;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (limit < s_noLimit)
        {
            bounded.CancelAfter(limit > TimeSpan.Zero ? limit : TimeSpan.FromMilliseconds(1));
        }
        try
        {
            using var message = _settings.Protocol == OtlpProtocol.Grpc ? CreateGrpcRequest(request) : CreateHttpRequest(request);
            foreach (var header in _settings.Headers)
            {
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            message.Headers.TryAddWithoutValidation("User-Agent", _userAgent);

            // Synchronous Send does not support HTTP/2; this runs on a dedicated thread, so blocking here is fine.
            using var response = _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, bounded.Token).GetAwaiter().GetResult();
            var body = ReadBody(response, acknowledged: _settings.Protocol == OtlpProtocol.HttpProtobuf && response.IsSuccessStatusCode, bounded.Token);
            return _settings.Protocol == OtlpProtocol.Grpc ? GrpcResult(response, body) : HttpResult(response, body);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return new OtlpExportResult(OtlpExportOutcome.Retryable, $"no answer within {limit.TotalMilliseconds:0} ms");
        }
        catch (OperationCanceledException)
        {
            return new OtlpExportResult(OtlpExportOutcome.Retryable, "cancelled");
        }
        catch (HttpRequestException ex) when (Find<AuthenticationException>(ex) is { } tls)
        {
            // A configuration problem more than a passing one: kept, told, and tried again only after a long pause.
            return new OtlpExportResult(OtlpExportOutcome.Retryable, "TLS handshake failed")
            {
                RetryAfter = TimeSpan.FromMinutes(5),
                ServerMessage = ValueExcerpt.Quoted(tls.Message),
                Hint = $"check {OtlpVariables.General(OtlpVariables.Certificate)} (or the signal's …{OtlpVariables.Certificate}, …{OtlpVariables.ClientCertificate}, …{OtlpVariables.ClientKey})",
            };
        }
        catch (HttpRequestException ex)
        {
            var socket = Find<SocketException>(ex);
            var status = socket is not null ? "connection failed (" + socket.SocketErrorCode + ")" : "request failed (" + (ex.HttpRequestError.ToString()) + ")";
            return new OtlpExportResult(OtlpExportOutcome.Retryable, status)
            {
                Hint = socket?.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound
                    ? $"is the collector running? (endpoint from {_settings.EndpointVariable ?? "the default"})"
                    : null,
            };
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or NotSupportedException or AuthenticationException)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(Send), ex);
            return new OtlpExportResult(OtlpExportOutcome.Retryable, "request failed (" + ex.GetType().Name + ")");
        }
    }

    public void Dispose() => _client.Dispose();

    /// <param name="response">The answer.</param>
    /// <param name="acknowledged">
    /// An OTLP/HTTP success: its status line is the acknowledgement (the collector has the data) and the body only adds
    /// a partial success, so a body that does not come whole (too slow, cut off) is what was read of it, never a
    /// failure to retry (that would send the data twice).
    /// </param>
    /// <param name="cancellation">The request's bound.</param>
    private static byte[] ReadBody(HttpResponseMessage response, bool acknowledged, CancellationToken cancellation)
    {
        var buffer = new byte[4096];
        using var body = new MemoryStream();
        try
        {
            using var stream = response.Content.ReadAsStream(cancellation);
            int read;
            while ((read = stream.ReadAsync(buffer, cancellation).AsTask().GetAwaiter().GetResult()) > 0)
            {
                // The rest is not read: the status decides, and a message is an excerpt anyway (an HTTP 401 with a
                // proxy's large error page is still a refusal, not a failure to retry).
                var room = MaxResponseBytes - (int)body.Length;
                body.Write(buffer, 0, Math.Min(read, room));
                if (read >= room)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (acknowledged && ex is OperationCanceledException or IOException or HttpRequestException)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(ReadBody), ex);
        }

        return body.ToArray();
    }

    private OtlpExportResult HttpResult(HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return Confirmed(body);
        }

        var (message, _) = OtlpResponseMessages.ReadStatus(body);
        var text = "HTTP " + status.ToString(System.Globalization.CultureInfo.InvariantCulture) + (response.ReasonPhrase is { Length: > 0 } reason ? " " + reason : string.Empty);
        if (OtlpStatusRules.IsRetryableHttp(status))
        {
            return new OtlpExportResult(OtlpExportOutcome.Retryable, text) { RetryAfter = RetryAfter(response), ServerMessage = Quote(message) };
        }

        return new OtlpExportResult(OtlpExportOutcome.Permanent, text)
        {
            ServerMessage = Quote(message),
            Hint = OtlpStatusRules.HintFor(_settings, status, -1, _temporality),
        };
    }

    private OtlpExportResult GrpcResult(HttpResponseMessage response, byte[] body)
    {
        int code;
        string? message = null;
        TimeSpan? delay = null;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            code = OtlpStatusRules.GrpcCodeForHttp((int)response.StatusCode);
        }
        else if (GrpcHeader(response, "grpc-status") is { } text && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            code = parsed;
            message = GrpcHeader(response, "grpc-message") is { } encoded ? Uri.UnescapeDataString(encoded) : null;
            if (GrpcHeader(response, "grpc-status-details-bin") is { } details)
            {
                var (detailMessage, retryDelay) = OtlpResponseMessages.ReadStatus(DecodeBase64(details));
                message ??= detailMessage;
                delay = retryDelay;
            }
        }
        else
        {
            return new OtlpExportResult(OtlpExportOutcome.Retryable, "gRPC answer without grpc-status");
        }

        if (code == 0)
        {
            // A unary answer: one length-prefixed message (uncompressed: no grpc-accept-encoding was offered).
            return Confirmed(body.Length >= 5 && body[0] == 0 && BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1)) == body.Length - 5 ? body[5..] : []);
        }

        var status = "gRPC " + OtlpStatusRules.GrpcName(code) + " (" + code.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
        if (response.StatusCode != HttpStatusCode.OK)
        {
            status += " from HTTP " + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (OtlpStatusRules.IsRetryableGrpc(code, delay is not null))
        {
            return new OtlpExportResult(OtlpExportOutcome.Retryable, status) { RetryAfter = delay ?? RetryAfter(response), ServerMessage = Quote(message) };
        }

        return new OtlpExportResult(OtlpExportOutcome.Permanent, status)
        {
            ServerMessage = Quote(message),
            Hint = OtlpStatusRules.HintFor(_settings, -1, code, _temporality),
        };
    }

    private static OtlpExportResult Confirmed(ReadOnlySpan<byte> response)
    {
        var (rejected, message) = OtlpResponseMessages.ReadPartialSuccess(response);
        return rejected > 0 || message is not null
            ? new OtlpExportResult(OtlpExportOutcome.PartialSuccess, "partial success") { Rejected = rejected, ServerMessage = Quote(message) }
            : OtlpExportResult.Confirmed;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }

    private static string? GrpcHeader(HttpResponseMessage response, string name)
    {
        // A normal answer puts the status in the trailers (read with the body); a "trailers-only" one in the headers.
        if (response.TrailingHeaders.TryGetValues(name, out var trailer))
        {
            return trailer.FirstOrDefault();
        }

        return response.Headers.TryGetValues(name, out var header) ? header.FirstOrDefault() : null;
    }

    private static byte[] DecodeBase64(string text)
    {
        // grpc-status-details-bin is base64 without padding.
        var padded = text.Length % 4 == 0 ? text : text + new string('=', 4 - (text.Length % 4));
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private static string? Quote(string? message) => message is null ? null : ValueExcerpt.Quoted(message);

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    private HttpRequestMessage CreateHttpRequest(ReadOnlyMemory<byte> request)
    {
        var content = _settings.Compression == OtlpCompression.Gzip ? new ByteArrayContent(Gzip(request.Span)) : (HttpContent)new ReadOnlyMemoryContent(request);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (_settings.Compression == OtlpCompression.Gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        return new HttpRequestMessage(HttpMethod.Post, _settings.RequestUri) { Content = content };
    }

    private HttpRequestMessage CreateGrpcRequest(ReadOnlyMemory<byte> request)
    {
        var gzip = _settings.Compression == OtlpCompression.Gzip;
        var payload = gzip ? Gzip(request.Span) : request.Span;
        var framed = new byte[5 + payload.Length];
        framed[0] = gzip ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(framed.AsSpan(5));
        var content = new ByteArrayContent(framed);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        var message = new HttpRequestMessage(HttpMethod.Post, _settings.RequestUri)
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        message.Headers.TryAddWithoutValidation("te", "trailers");
        if (gzip)
        {
            message.Headers.TryAddWithoutValidation("grpc-encoding", "gzip");
        }

        return message;
    }

    private static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
