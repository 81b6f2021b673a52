namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>The OTLP transport a request arrived on.</summary>
public enum ReceiverProtocol
{
    /// <summary>OTLP/gRPC: HTTP/2 cleartext (h2c), the 4317-style endpoint.</summary>
    Grpc,

    /// <summary>OTLP/HTTP with binary protobuf bodies: HTTP/1.1, the 4318-style endpoint.</summary>
    HttpProtobuf,
}
