namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>What the receiver did with one request.</summary>
public enum ReceivedRequestOutcome
{
    /// <summary>Decoded and acknowledged (a success or partial success); its spans or metrics are in the receiver's lists.</summary>
    Accepted,

    /// <summary>Answered with a scripted or mode error status (any non-2xx / grpc-status 1..16); its data was dropped.</summary>
    Faulted,

    /// <summary>Held without an answer (<see cref="ReceiverAnswer.Hang"/>) and finally aborted; its data was dropped.</summary>
    Hung,

    /// <summary>Refused as malformed or unsupported (bad path, content type, compression, protobuf or ids); nothing kept.</summary>
    Rejected,

    /// <summary>The client went away (or the receiver stopped) before the answer was complete; nothing kept.</summary>
    Aborted,

    /// <summary>The connection was reset without an answer (<see cref="ReceiverAnswer.Reset"/>); nothing kept.</summary>
    Reset,

    /// <summary>
    /// The data was kept and the connection then reset (<see cref="ReceiverAnswer.AcceptThenReset"/>): the spans or
    /// metrics are in the receiver's lists although the exporter saw a failure.
    /// </summary>
    AcceptedThenReset,
}
