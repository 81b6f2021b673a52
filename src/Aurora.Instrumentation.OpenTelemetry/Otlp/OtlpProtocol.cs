namespace Aurora.Instrumentation.OpenTelemetry.Otlp;

/// <summary>The two OTLP transports (both signals, live and from the spool).</summary>
internal enum OtlpProtocol
{
    Grpc,
    HttpProtobuf,
}
