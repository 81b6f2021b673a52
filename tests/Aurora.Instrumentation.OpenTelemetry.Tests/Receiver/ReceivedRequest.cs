namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>One HTTP request the receiver saw, whatever happened to it.</summary>
/// <param name="Sequence">1-based arrival order across both protocols.</param>
/// <param name="Protocol">The endpoint it arrived on.</param>
/// <param name="Signal">The OTLP service it addressed.</param>
/// <param name="Path">The request path (for gRPC, <c>/package.Service/Method</c>).</param>
/// <param name="Headers">Request headers (gRPC metadata included), case-insensitive keys, multiple values joined by <c>,</c>.</param>
/// <param name="Outcome">What the receiver did with it.</param>
/// <param name="ItemCount">Spans or metrics decoded from it (only for <see cref="ReceivedRequestOutcome.Accepted"/>, else 0).</param>
/// <param name="Error">Why it was rejected or aborted, for diagnostics; null otherwise.</param>
public sealed record ReceivedRequest(
    int Sequence,
    ReceiverProtocol Protocol,
    ReceiverSignal Signal,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    ReceivedRequestOutcome Outcome,
    int ItemCount,
    string? Error);
