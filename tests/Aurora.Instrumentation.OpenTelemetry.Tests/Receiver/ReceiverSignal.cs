namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>Which OTLP service a request addressed.</summary>
public enum ReceiverSignal
{
    /// <summary>A path or gRPC method the receiver does not serve (answered 404 / UNIMPLEMENTED).</summary>
    Unknown,

    /// <summary><c>/v1/traces</c> or <c>TraceService/Export</c>.</summary>
    Traces,

    /// <summary><c>/v1/metrics</c> or <c>MetricsService/Export</c>.</summary>
    Metrics,
}
