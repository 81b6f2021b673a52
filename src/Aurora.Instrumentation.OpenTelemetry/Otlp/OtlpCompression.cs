namespace Aurora.Instrumentation.OpenTelemetry.Otlp;

/// <summary><c>OTEL_EXPORTER_OTLP_COMPRESSION</c>: <c>none</c> (default) or <c>gzip</c>.</summary>
internal enum OtlpCompression
{
    None,
    Gzip,
}
