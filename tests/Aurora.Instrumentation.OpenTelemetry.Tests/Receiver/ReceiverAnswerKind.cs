namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>What a <see cref="ReceiverAnswer"/> does with a request.</summary>
public enum ReceiverAnswerKind
{
    /// <summary>Keep the data and acknowledge it (HTTP 2xx / grpc-status 0), optionally trickled.</summary>
    Success,

    /// <summary>Keep the data and acknowledge it with a <c>partial_success</c> naming rejected items.</summary>
    PartialSuccess,

    /// <summary>Answer an error status (HTTP non-2xx / grpc-status 1..16); the data is not kept.</summary>
    Error,

    /// <summary>Never answer; the request is held until released, then aborted. The data is not kept.</summary>
    Hang,

    /// <summary>Abort the connection (TCP reset) once the request is read, without any answer. The data is not kept.</summary>
    Reset,

    /// <summary>
    /// Keep the data, then abort the connection without an answer: the collector has the data but the exporter
    /// never hears so (the "confirmation lost in flight" case).
    /// </summary>
    AcceptThenReset,
}
