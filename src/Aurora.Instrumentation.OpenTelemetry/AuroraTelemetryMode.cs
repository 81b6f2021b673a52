namespace Aurora.Instrumentation.OpenTelemetry;

/// <summary>Where <see cref="AuroraTelemetry"/> sends the startup telemetry (<c>AURORA_TELEMETRY</c>).</summary>
public enum AuroraTelemetryMode
{
    /// <summary>OTLP when an OTLP endpoint variable is set, otherwise nothing (the default).</summary>
    Auto,

    /// <summary>Nothing: no listener is registered at all.</summary>
    Off,

    /// <summary>OTLP (gRPC or http/protobuf, from the standard <c>OTEL_EXPORTER_OTLP_*</c> variables), with the spool.</summary>
    Otlp,

    /// <summary>The OpenTelemetry console exporter on standard output plus a compact summary on standard error.</summary>
    Console,
}
