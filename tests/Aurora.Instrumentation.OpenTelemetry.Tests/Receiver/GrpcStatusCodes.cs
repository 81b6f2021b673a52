namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>The gRPC status codes the receiver answers with.</summary>
public static class GrpcStatusCodes
{
    /// <summary>OK.</summary>
    public const int Ok = 0;

    /// <summary>INVALID_ARGUMENT: the request could not be decoded.</summary>
    public const int InvalidArgument = 3;

    /// <summary>RESOURCE_EXHAUSTED: the gRPC counterpart of HTTP 429.</summary>
    public const int ResourceExhausted = 8;

    /// <summary>UNIMPLEMENTED: unknown method or unsupported grpc-encoding.</summary>
    public const int Unimplemented = 12;

    /// <summary>UNAVAILABLE: the gRPC counterpart of HTTP 503.</summary>
    public const int Unavailable = 14;
}
