namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>
/// How the receiver answers export requests that no answer rule takes; switchable at runtime through
/// <see cref="OtlpReceiver.Mode"/>. For any other answer, or one per request, see <see cref="ReceiverAnswer"/>.
/// </summary>
/// <remarks>
/// A collector that refuses connections is not a mode: use <see cref="OtlpReceiver.ReserveClosedPort"/> (nothing ever
/// listens there) or <see cref="OtlpReceiver.StopAsync"/> (the receiver's own ports refuse until it is started again).
/// </remarks>
public enum OtlpReceiverMode
{
    /// <summary>Decode the request, keep its data and acknowledge it (HTTP 200 / grpc-status 0).</summary>
    Normal,

    /// <summary>
    /// Read the whole request and never answer. The request is aborted (never acknowledged, never counted) when the
    /// mode changes away from <see cref="Hang"/>, on <see cref="OtlpReceiver.ReleaseHeld"/>, when the receiver stops,
    /// or when it is disposed.
    /// </summary>
    Hang,

    /// <summary>HTTP 503 (with <see cref="OtlpReceiver.RetryAfter"/> if set) / grpc-status UNAVAILABLE (14). Data is not kept.</summary>
    Status503,

    /// <summary>HTTP 429 (with <see cref="OtlpReceiver.RetryAfter"/> if set) / grpc-status RESOURCE_EXHAUSTED (8). Data is not kept.</summary>
    Status429,
}
