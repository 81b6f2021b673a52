namespace Aurora.Instrumentation.OpenTelemetry.Otlp;

/// <summary>The signals the startup telemetry sends: each has its own endpoint, headers, timeout, compression and TLS.</summary>
internal enum OtlpSignal
{
    Traces,
    Metrics,
}
