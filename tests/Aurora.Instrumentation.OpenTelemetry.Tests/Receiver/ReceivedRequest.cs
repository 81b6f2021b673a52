namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>One HTTP request the receiver saw, whatever happened to it.</summary>
/// <param name="Sequence">1-based arrival order across both protocols (restarts at 1 after <see cref="OtlpReceiver.Clear"/>).</param>
/// <param name="Protocol">The endpoint it arrived on.</param>
/// <param name="Signal">The OTLP service it addressed.</param>
/// <param name="Path">The request path (for gRPC, <c>/package.Service/Method</c>).</param>
/// <param name="Headers">Request headers (gRPC metadata included), case-insensitive keys, multiple values joined by <c>,</c>.</param>
/// <param name="Outcome">What the receiver did with it.</param>
/// <param name="ItemCount">Spans or metrics decoded from it (only when its data was kept, else 0).</param>
/// <param name="Error">Why it was rejected, faulted or aborted, for diagnostics; null otherwise.</param>
public sealed record ReceivedRequest(
    int Sequence,
    ReceiverProtocol Protocol,
    ReceiverSignal Signal,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    ReceivedRequestOutcome Outcome,
    int ItemCount,
    string? Error)
{
    /// <summary>
    /// The answer given: the scripted one, <see cref="ReceiverAnswer.Accept"/>, or for a rejected request the error
    /// it got (e.g. HTTP 400 / INVALID_ARGUMENT). Null when the client left before an answer was chosen.
    /// </summary>
    public ReceiverAnswer? Answer { get; init; }

    /// <summary>Whether it arrived over TLS.</summary>
    public bool IsTls { get; init; }

    /// <summary>Subject of the TLS client certificate its connection presented (mTLS), or null.</summary>
    public string? ClientCertificateSubject { get; init; }

    /// <summary>The header's value, or null when the request had none (e.g. <c>Header("User-Agent")</c>).</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
