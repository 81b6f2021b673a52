namespace Aurora.Instrumentation.OpenTelemetry.Otlp;

/// <summary>
/// The OTLP specification's retry rules. OTLP/HTTP: 429, 502, 503 and 504 are retryable, honouring
/// <c>Retry-After</c>; every other 4xx or 5xx is permanent. OTLP/gRPC: CANCELLED, DEADLINE_EXCEEDED, ABORTED,
/// OUT_OF_RANGE, UNAVAILABLE and DATA_LOSS are retryable, honouring <c>RetryInfo</c>; RESOURCE_EXHAUSTED only when
/// the collector says when to retry (<c>RetryInfo</c>: throttling) — without it, it means the request can never fit
/// (a message too large), and retrying would only repeat the refusal; the rest (UNKNOWN, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED,
/// UNAUTHENTICATED, UNIMPLEMENTED, INTERNAL, …) is permanent. A gRPC answer that is not HTTP 200 is mapped to a status
/// the way gRPC clients map it.
/// </summary>
internal static class OtlpStatusRules
{
    private static readonly string[] s_grpcNames =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
        "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    public static bool IsRetryableHttp(int status) => status is 429 or 502 or 503 or 504;

    public static bool IsRetryableGrpc(int code, bool hasRetryInfo) => code is 1 or 4 or 10 or 11 or 14 or 15 || (code == 8 && hasRetryInfo);

    public static string GrpcName(int code) => code >= 0 && code < s_grpcNames.Length ? s_grpcNames[code] : "code";

    /// <summary>gRPC's mapping of a non-200 HTTP answer to a status code.</summary>
    public static int GrpcCodeForHttp(int status) => status switch
    {
        400 => 13,
        401 => 16,
        403 => 7,
        404 => 12,
        429 or 502 or 503 or 504 => 14,
        _ => 2,
    };

    /// <summary>What the user should look at for a permanent status, naming the variables in effect.</summary>
    public static string? HintFor(OtlpSignalSettings settings, int httpStatus, int grpcCode, OtlpTemporality temporality)
    {
        if (httpStatus is 401 or 403 || grpcCode is 7 or 16)
        {
            return $"check the credentials in {settings.HeadersVariable}";
        }

        if (httpStatus == 404 || grpcCode == 12)
        {
            return $"check the endpoint ({settings.EndpointVariable ?? OtlpVariables.General(OtlpVariables.Endpoint)}) and the protocol ({OtlpVariables.Specific(settings.Signal, OtlpVariables.Protocol)})";
        }

        if (httpStatus == 413)
        {
            return "the request was larger than the collector accepts";
        }

        if ((httpStatus == 400 || grpcCode == 3) && settings.Signal == OtlpSignal.Metrics && temporality == OtlpTemporality.Delta)
        {
            return $"backends that store cumulative series refuse delta metrics: unset {OtlpVariables.TemporalityPreference} or set it to cumulative";
        }

        return null;
    }
}
