namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>What the receiver did with one request.</summary>
public enum ReceivedRequestOutcome
{
    /// <summary>Decoded and acknowledged; its spans or metrics are in the receiver's lists.</summary>
    Accepted,

    /// <summary>Answered with an injected fault (503/429 or the gRPC equivalent); its data was dropped.</summary>
    Faulted,

    /// <summary>Held without an answer (<see cref="OtlpReceiverMode.Hang"/>) and finally aborted; its data was dropped.</summary>
    Hung,

    /// <summary>Refused as malformed or unsupported (bad path, content type, compression or protobuf); nothing kept.</summary>
    Rejected,

    /// <summary>The client went away before the receiver could answer; nothing kept.</summary>
    Aborted,
}
