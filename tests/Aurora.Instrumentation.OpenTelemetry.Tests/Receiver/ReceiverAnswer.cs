using System.Globalization;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>
/// How the receiver answers one request: build one with the static members, refine it with the <c>With*</c> methods,
/// and hand it to <see cref="OtlpReceiver.AnswerNext(ReceiverAnswer, int)"/> and friends.
/// </summary>
/// <remarks>
/// An answer carries both an HTTP status and a gRPC status, so one script serves both protocols: <see cref="Http"/>
/// derives the gRPC code and <see cref="Grpc"/> the HTTP status (see Receiver/README.md for the table);
/// <see cref="Status"/> sets both. Only answers of kind <see cref="ReceiverAnswerKind.Success"/> and
/// <see cref="ReceiverAnswerKind.PartialSuccess"/> (and <see cref="ReceiverAnswerKind.AcceptThenReset"/>) keep data.
/// </remarks>
public sealed record ReceiverAnswer
{
    /// <summary>The longest a delay or a trickle (bytes × interval) may take, so no test can hang on one.</summary>
    public static readonly TimeSpan MaxSlowAnswer = TimeSpan.FromMinutes(2);

    /// <summary>The most bytes a trickled answer may send.</summary>
    public const int MaxTrickleBytes = 4096;

    private ReceiverAnswer(ReceiverAnswerKind kind, int httpStatus, int grpcStatus, string message)
    {
        Kind = kind;
        HttpStatus = httpStatus;
        GrpcStatus = grpcStatus;
        Message = message;
    }

    /// <summary>Keep the data; HTTP 200 with an empty <c>Export*ServiceResponse</c> / grpc-status 0. What a collector normally does.</summary>
    public static ReceiverAnswer Accept => new(ReceiverAnswerKind.Success, 200, GrpcStatusCodes.Ok, string.Empty);

    /// <summary>Never answer (the request is listed as <see cref="ReceivedRequestOutcome.Hung"/> at once).</summary>
    /// <remarks>Held until <see cref="OtlpReceiver.ReleaseHeld"/>, a <see cref="OtlpReceiver.Mode"/> other than Hang, stop or dispose; then aborted.</remarks>
    public static ReceiverAnswer Hang => new(ReceiverAnswerKind.Hang, 0, 0, string.Empty);

    /// <summary>Read the request, then reset the connection (TCP RST; for gRPC the whole HTTP/2 connection).</summary>
    public static ReceiverAnswer Reset => new(ReceiverAnswerKind.Reset, 0, 0, string.Empty);

    /// <summary>Keep the data, then reset the connection: the exporter sees a failure for data the collector has.</summary>
    public static ReceiverAnswer AcceptThenReset => new(ReceiverAnswerKind.AcceptThenReset, 0, 0, string.Empty);

    /// <summary>HTTP 503 / UNAVAILABLE (14): retryable on both protocols.</summary>
    public static ReceiverAnswer Unavailable => Status(503, GrpcStatusCodes.Unavailable, "the collector is unavailable (injected)");

    /// <summary>HTTP 429 / RESOURCE_EXHAUSTED (8); add <see cref="WithRetryAfter(TimeSpan)"/> to make it retryable over gRPC too.</summary>
    public static ReceiverAnswer Throttled => Status(429, GrpcStatusCodes.ResourceExhausted, "the collector is throttling (injected)");

    /// <summary>What the answer does.</summary>
    public ReceiverAnswerKind Kind { get; }

    /// <summary>The HTTP status sent to OTLP/HTTP requests (0 for hang and resets).</summary>
    public int HttpStatus { get; private init; }

    /// <summary>The <c>grpc-status</c> sent to gRPC requests.</summary>
    public int GrpcStatus { get; private init; }

    /// <summary>For errors, <c>google.rpc.Status.message</c> and <c>grpc-message</c>; for partial success, its <c>error_message</c>.</summary>
    public string Message { get; private init; }

    /// <summary>Partial success: <c>rejected_spans</c> (traces) or <c>rejected_data_points</c> (metrics).</summary>
    public long RejectedItems { get; private init; }

    /// <summary>The HTTP <c>Retry-After</c> value sent with the error, verbatim; null sends none.</summary>
    public string? RetryAfterHeader { get; private init; }

    /// <summary>The <c>google.rpc.RetryInfo.retry_delay</c> sent in <c>grpc-status-details-bin</c>; null sends no RetryInfo.</summary>
    public TimeSpan? RetryInfoDelay { get; private init; }

    /// <summary>
    /// Whether <c>grpc-status-details-bin</c> keeps its base64 padding. gRPC says to send it unpadded (as grpc-go and so
    /// the OpenTelemetry Collector do) and to accept both; false (the default) sends it unpadded.
    /// </summary>
    public bool PadStatusDetails { get; private init; }

    /// <summary>
    /// Whether a gRPC error is sent as response headers followed by trailers holding the status, instead of the
    /// "trailers-only" single HEADERS frame gRPC servers (grpc-go, so the OpenTelemetry Collector) send for errors.
    /// </summary>
    public bool GrpcStatusInTrailers { get; private init; }

    /// <summary>An HTTP error body sent instead of the protobuf <c>google.rpc.Status</c> (e.g. a proxy's HTML page).</summary>
    public byte[]? HttpBody { get; private init; }

    /// <summary>Content type of <see cref="HttpBody"/>.</summary>
    public string? HttpBodyContentType { get; private init; }

    /// <summary>When set, the success answer is written one byte per interval after the headers.</summary>
    public TimeSpan? TrickleInterval { get; private init; }

    /// <summary>Body size of a trickled answer (gRPC: the framed message); the response message is padded to it.</summary>
    public int TrickleBytes { get; private init; }

    /// <summary>When set, nothing is sent (and nothing kept) until this much time has passed; then the answer is given.</summary>
    public TimeSpan? Delay { get; private init; }

    /// <summary>Whether this answer keeps the request's data.</summary>
    public bool KeepsData => Kind is ReceiverAnswerKind.Success or ReceiverAnswerKind.PartialSuccess or ReceiverAnswerKind.AcceptThenReset;

    /// <summary>Keep the data and answer <c>partial_success</c> with <paramref name="rejected"/> items and <paramref name="errorMessage"/>.</summary>
    /// <remarks>For traces <c>rejected_spans</c>, for metrics <c>rejected_data_points</c>; HTTP 200 / grpc-status 0 either way.</remarks>
    public static ReceiverAnswer PartialSuccess(long rejected, string errorMessage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rejected);
        ArgumentNullException.ThrowIfNull(errorMessage);
        return new(ReceiverAnswerKind.PartialSuccess, 200, GrpcStatusCodes.Ok, errorMessage) { RejectedItems = rejected };
    }

    /// <summary>
    /// HTTP <paramref name="status"/> (a 2xx keeps the data); gRPC requests get the equivalent code
    /// (400→INVALID_ARGUMENT, 401→UNAUTHENTICATED, 403→PERMISSION_DENIED, 404→UNIMPLEMENTED, 413/429→RESOURCE_EXHAUSTED,
    /// 500→INTERNAL, 502/503/504→UNAVAILABLE).
    /// </summary>
    public static ReceiverAnswer Http(int status, string? message = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        return Status(status, StatusCodeEquivalents.GrpcFor(status), message);
    }

    /// <summary>grpc-status <paramref name="code"/> (0 keeps the data); OTLP/HTTP requests get the equivalent HTTP status.</summary>
    public static ReceiverAnswer Grpc(int code, string? message = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(code);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, GrpcStatusCodes.Unauthenticated);
        return Status(StatusCodeEquivalents.HttpFor(code), code, message);
    }

    /// <summary>HTTP <paramref name="httpStatus"/> to OTLP/HTTP requests and grpc-status <paramref name="grpcStatus"/> to gRPC ones.</summary>
    /// <exception cref="ArgumentException">One is a success and the other is not.</exception>
    public static ReceiverAnswer Status(int httpStatus, int grpcStatus, string? message = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(httpStatus, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(httpStatus, 599);
        ArgumentOutOfRangeException.ThrowIfNegative(grpcStatus);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(grpcStatus, GrpcStatusCodes.Unauthenticated);
        var httpSuccess = httpStatus is >= 200 and < 300;
        if (httpSuccess != (grpcStatus == GrpcStatusCodes.Ok))
        {
            throw new ArgumentException($"HTTP {httpStatus} and grpc-status {grpcStatus} disagree on success.", nameof(grpcStatus));
        }

        return httpSuccess
            ? new(ReceiverAnswerKind.Success, httpStatus, GrpcStatusCodes.Ok, string.Empty)
            : new(ReceiverAnswerKind.Error, httpStatus, grpcStatus, message ?? $"HTTP {httpStatus} / grpc-status {grpcStatus} injected by the OTLP test receiver");
    }

    /// <summary>Keep the data and acknowledge it slowly: one byte every <paramref name="interval"/>, <paramref name="bytes"/> in all.</summary>
    public static ReceiverAnswer Trickle(TimeSpan interval, int bytes = 64) => Accept.Trickled(interval, bytes);

    /// <summary>
    /// Retry-After: <paramref name="delay"/> in whole seconds (rounded up) for HTTP, and a RetryInfo with exactly
    /// <paramref name="delay"/> for gRPC.
    /// </summary>
    public ReceiverAnswer WithRetryAfter(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        RequireKind(ReceiverAnswerKind.Error);
        return this with
        {
            RetryAfterHeader = ((long)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            RetryInfoDelay = delay,
        };
    }

    /// <summary>Retry-After as an HTTP-date (RFC 7231 IMF-fixdate); gRPC gets no RetryInfo from it.</summary>
    public ReceiverAnswer WithRetryAfter(DateTimeOffset date)
    {
        RequireKind(ReceiverAnswerKind.Error);
        return this with { RetryAfterHeader = date.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture) };
    }

    /// <summary>Retry-After exactly as given (also a malformed value, to test a client's parser).</summary>
    public ReceiverAnswer WithRetryAfterHeader(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        RequireKind(ReceiverAnswerKind.Error);
        return this with { RetryAfterHeader = value };
    }

    /// <summary>A RetryInfo with <paramref name="delay"/> in <c>grpc-status-details-bin</c>, gRPC only.</summary>
    public ReceiverAnswer WithRetryInfo(TimeSpan delay, bool padded = false)
    {
        RequireKind(ReceiverAnswerKind.Error);
        return this with { RetryInfoDelay = delay, PadStatusDetails = padded };
    }

    /// <summary>
    /// Sends a gRPC error as headers, then trailers with <c>grpc-status</c>, <c>grpc-message</c> and
    /// <c>grpc-status-details-bin</c>, instead of trailers-only. Both forms are valid gRPC; a client that reads the
    /// details only from trailers misses them in the trailers-only form.
    /// </summary>
    public ReceiverAnswer WithGrpcStatusInTrailers()
    {
        RequireKind(ReceiverAnswerKind.Error);
        return this with { GrpcStatusInTrailers = true };
    }

    /// <summary>Sends <paramref name="body"/> as the HTTP error body instead of a protobuf <c>google.rpc.Status</c>.</summary>
    public ReceiverAnswer WithHttpBody(string contentType, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentNullException.ThrowIfNull(body);
        RequireKind(ReceiverAnswerKind.Error);
        return this with { HttpBody = [.. body], HttpBodyContentType = contentType };
    }

    /// <summary>
    /// Writes this success answer one byte every <paramref name="interval"/> after the headers, <paramref name="bytes"/>
    /// in all (the response message is padded with an unknown field, which a client must skip).
    /// </summary>
    /// <remarks>
    /// The data is kept when the acknowledgement goes out: over OTLP/HTTP that is the status line, before the first
    /// byte (a client may take the 200 and leave; the OpenTelemetry SDK does), over gRPC the <c>grpc-status</c>
    /// trailer after the last byte (a client that leaves first leaves nothing behind).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">More than <see cref="MaxTrickleBytes"/> or longer than <see cref="MaxSlowAnswer"/>.</exception>
    public ReceiverAnswer Trickled(TimeSpan interval, int bytes = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, MaxTrickleBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(interval * bytes, MaxSlowAnswer, nameof(interval));
        if (Kind is not (ReceiverAnswerKind.Success or ReceiverAnswerKind.PartialSuccess))
        {
            throw new InvalidOperationException($"Only success answers can be trickled, not {Kind}.");
        }

        return this with { TrickleInterval = interval, TrickleBytes = bytes };
    }

    /// <summary>
    /// Gives this answer only after <paramref name="delay"/> (a collector slow to answer at all): nothing is sent and
    /// nothing kept before; a client that leaves first is recorded <see cref="ReceivedRequestOutcome.Aborted"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Longer than <see cref="MaxSlowAnswer"/>.</exception>
    public ReceiverAnswer Delayed(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(delay, MaxSlowAnswer);
        if (Kind == ReceiverAnswerKind.Hang)
        {
            throw new InvalidOperationException("A hang has no answer to delay.");
        }

        return this with { Delay = delay };
    }

    /// <summary>A short description, as shown in <see cref="OtlpReceiver.Describe"/>.</summary>
    public override string ToString()
    {
        var text = Kind switch
        {
            ReceiverAnswerKind.PartialSuccess => $"PartialSuccess rejected {RejectedItems} '{Message}'",
            ReceiverAnswerKind.Error => $"HTTP {HttpStatus} / grpc-status {GrpcStatus}" +
                (RetryAfterHeader is null ? string.Empty : $" Retry-After: {RetryAfterHeader}") +
                (RetryInfoDelay is { } retryDelay ? $" RetryInfo {retryDelay.TotalMilliseconds:0.###} ms" : string.Empty) +
                (GrpcStatusInTrailers ? " in trailers" : string.Empty),
            _ => Kind.ToString(),
        };
        text = TrickleInterval is { } interval ? $"{text} trickled {TrickleBytes} B every {interval.TotalMilliseconds:0.###} ms" : text;
        return Delay is { } wait ? $"{text} after {wait.TotalMilliseconds:0.###} ms" : text;
    }

    private void RequireKind(ReceiverAnswerKind kind)
    {
        if (Kind != kind)
        {
            throw new InvalidOperationException($"This applies to {kind} answers, not to {Kind}.");
        }
    }
}
