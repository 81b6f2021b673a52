namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>A decoded request before it is answered: what an answer rule decides on.</summary>
/// <param name="Sequence">1-based arrival order across both protocols (the same number its <see cref="ReceivedRequest"/> gets).</param>
/// <param name="Protocol">The endpoint it arrived on.</param>
/// <param name="Signal">Traces or metrics.</param>
/// <param name="Path">The request path.</param>
/// <param name="Headers">Request headers (gRPC metadata included), case-insensitive keys.</param>
/// <param name="Spans">Its spans (traces requests), as they would be kept.</param>
/// <param name="Metrics">Its metrics (metrics requests), as they would be kept.</param>
/// <param name="IsTls">Whether it arrived over TLS.</param>
/// <param name="ClientCertificateSubject">Subject of the TLS client certificate the connection presented, or null.</param>
public sealed record IncomingRequest(
    int Sequence,
    ReceiverProtocol Protocol,
    ReceiverSignal Signal,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyList<ReceivedSpan> Spans,
    IReadOnlyList<ReceivedMetric> Metrics,
    bool IsTls,
    string? ClientCertificateSubject)
{
    /// <summary>Spans or metrics in the request.</summary>
    public int ItemCount => Signal == ReceiverSignal.Traces ? Spans.Count : Metrics.Count;

    /// <summary>Data points over all metrics (what <c>rejected_data_points</c> counts).</summary>
    public int DataPointCount => Metrics.Sum(m => m.DataPoints.Count);

    /// <summary>Whether the request carries a span named <paramref name="name"/>.</summary>
    public bool HasSpan(string name) => Spans.Any(s => s.Name == name);

    /// <summary>Whether the request carries a metric named <paramref name="name"/>.</summary>
    public bool HasMetric(string name) => Metrics.Any(m => m.Name == name);
}
