namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>The two OTLP transports (the spool drain speaks both, like the SDK exporter).</summary>
internal enum OtlpProtocol
{
    Grpc,
    HttpProtobuf,
}
