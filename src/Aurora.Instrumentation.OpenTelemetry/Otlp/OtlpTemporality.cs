namespace Aurora.Instrumentation.OpenTelemetry.Otlp;

/// <summary>
/// How the startup metrics are sent (<c>OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE</c>). Cumulative by default:
/// each installation keeps one running series per instrument and attributes, which Prometheus, Mimir and Grafana Cloud
/// accept directly and a Collector passes through; delta sends each run's increments as consecutive windows.
/// </summary>
internal enum OtlpTemporality
{
    Cumulative,
    Delta,
}
