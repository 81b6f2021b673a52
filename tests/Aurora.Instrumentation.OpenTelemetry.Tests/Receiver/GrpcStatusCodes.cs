namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>The gRPC status codes (0..16), as sent in <c>grpc-status</c>.</summary>
/// <remarks>
/// OTLP retries CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE and DATA_LOSS, and RESOURCE_EXHAUSTED
/// only when the server sends a RetryInfo; every other non-OK code is permanent.
/// </remarks>
public static class GrpcStatusCodes
{
    /// <summary>OK.</summary>
    public const int Ok = 0;

    /// <summary>CANCELLED (retryable in OTLP).</summary>
    public const int Cancelled = 1;

    /// <summary>UNKNOWN.</summary>
    public const int Unknown = 2;

    /// <summary>INVALID_ARGUMENT: the request could not be decoded (permanent).</summary>
    public const int InvalidArgument = 3;

    /// <summary>DEADLINE_EXCEEDED (retryable in OTLP).</summary>
    public const int DeadlineExceeded = 4;

    /// <summary>NOT_FOUND.</summary>
    public const int NotFound = 5;

    /// <summary>ALREADY_EXISTS.</summary>
    public const int AlreadyExists = 6;

    /// <summary>PERMISSION_DENIED (permanent): the gRPC counterpart of HTTP 403.</summary>
    public const int PermissionDenied = 7;

    /// <summary>RESOURCE_EXHAUSTED: the gRPC counterpart of HTTP 429; retryable in OTLP only with a RetryInfo.</summary>
    public const int ResourceExhausted = 8;

    /// <summary>FAILED_PRECONDITION.</summary>
    public const int FailedPrecondition = 9;

    /// <summary>ABORTED (retryable in OTLP).</summary>
    public const int Aborted = 10;

    /// <summary>OUT_OF_RANGE (retryable in OTLP).</summary>
    public const int OutOfRange = 11;

    /// <summary>UNIMPLEMENTED: unknown method or unsupported grpc-encoding (permanent).</summary>
    public const int Unimplemented = 12;

    /// <summary>INTERNAL.</summary>
    public const int Internal = 13;

    /// <summary>UNAVAILABLE: the gRPC counterpart of HTTP 503 (retryable).</summary>
    public const int Unavailable = 14;

    /// <summary>DATA_LOSS (retryable in OTLP).</summary>
    public const int DataLoss = 15;

    /// <summary>UNAUTHENTICATED (permanent): the gRPC counterpart of HTTP 401.</summary>
    public const int Unauthenticated = 16;
}
