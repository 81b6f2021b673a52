namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>How an <see cref="OtlpReceiver"/> listens.</summary>
public sealed record OtlpReceiverOptions
{
    /// <summary>
    /// When set, both ports speak TLS with <see cref="TestCertificates.ServerCertificate"/>: gRPC over h2 (ALPN) and
    /// OTLP/HTTP over HTTP/1.1, and the endpoints become <c>https://127.0.0.1:&lt;port&gt;</c>. The receiver does not
    /// own the certificates: dispose them after the receiver.
    /// </summary>
    public TestCertificates? Tls { get; init; }

    /// <summary>
    /// With <see cref="Tls"/>: refuse the TLS handshake unless the client presents a certificate issued by the test CA
    /// (mTLS). When false, a client certificate is asked for but optional; one that is presented must still be issued
    /// by the test CA.
    /// </summary>
    public bool RequireClientCertificate { get; init; }
}
