namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>
/// The status one protocol answers when a test scripted the other's: an HTTP-only answer given to a gRPC request, or
/// a gRPC-only answer given to an OTLP/HTTP request.
/// </summary>
/// <remarks>
/// gRPC to HTTP follows the HTTP mapping documented with google.rpc.Code. HTTP to gRPC keeps the OTLP meaning:
/// the retryable 502, 503 and 504 become UNAVAILABLE; 429 and 413 become RESOURCE_EXHAUSTED, which OTLP retries only
/// when a RetryInfo comes with it (so a retryable throttle needs <c>WithRetryAfter</c>); the permanent 4xx stay permanent.
/// </remarks>
internal static class StatusCodeEquivalents
{
    public static int GrpcFor(int httpStatus) => httpStatus switch
    {
        >= 200 and < 300 => GrpcStatusCodes.Ok,
        400 => GrpcStatusCodes.InvalidArgument,
        401 => GrpcStatusCodes.Unauthenticated,
        403 => GrpcStatusCodes.PermissionDenied,
        404 => GrpcStatusCodes.Unimplemented,
        408 => GrpcStatusCodes.DeadlineExceeded,
        409 => GrpcStatusCodes.Aborted,
        413 or 429 => GrpcStatusCodes.ResourceExhausted,
        500 => GrpcStatusCodes.Internal,
        501 => GrpcStatusCodes.Unimplemented,
        502 or 503 or 504 => GrpcStatusCodes.Unavailable,
        _ => GrpcStatusCodes.Unknown,
    };

    public static int HttpFor(int grpcStatus) => grpcStatus switch
    {
        GrpcStatusCodes.Ok => 200,
        GrpcStatusCodes.Cancelled => 499,
        GrpcStatusCodes.InvalidArgument or GrpcStatusCodes.FailedPrecondition or GrpcStatusCodes.OutOfRange => 400,
        GrpcStatusCodes.DeadlineExceeded => 504,
        GrpcStatusCodes.NotFound => 404,
        GrpcStatusCodes.AlreadyExists or GrpcStatusCodes.Aborted => 409,
        GrpcStatusCodes.PermissionDenied => 403,
        GrpcStatusCodes.ResourceExhausted => 429,
        GrpcStatusCodes.Unimplemented => 501,
        GrpcStatusCodes.Unavailable => 503,
        GrpcStatusCodes.Unauthenticated => 401,
        _ => 500,
    };
}
