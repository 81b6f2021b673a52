using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

// TLS and mTLS: the handshake options for each port and the client certificate check.
public sealed partial class OtlpReceiver
{
    /// <summary>Completes with the refusals once at least <paramref name="count"/> TLS handshakes were refused.</summary>
    /// <exception cref="TimeoutException">Not enough refusals within <paramref name="timeout"/>.</exception>
    public Task<IReadOnlyList<string>> WaitForRefusedHandshakesAsync(int count = 1, TimeSpan? timeout = null) =>
        WaitAsync(_refusedHandshakes, r => r.Count >= count, timeout, $"{count} refused TLS handshake(s)");

    private void UseTlsIfAsked(ListenOptions listen, ReceiverProtocol protocol)
    {
        if (_options.Tls is not { } certificates)
        {
            return;
        }

        // One options object per port: the certificate context is built once, offline (no intermediate fetching).
        var server = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificates.ServerCertificate, additionalCertificates: null, offline: true),
            ApplicationProtocols = [protocol == ReceiverProtocol.Grpc ? SslApplicationProtocol.Http2 : SslApplicationProtocol.Http11],

            // Always ask, so a presented certificate is recorded; whether one is required is decided in the callback.
            ClientCertificateRequired = true,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => AcceptClientCertificate(certificates, certificate, protocol),
        };
        listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = _ => ValueTask.FromResult(server) });
    }

    private bool AcceptClientCertificate(TestCertificates certificates, X509Certificate? presented, ReceiverProtocol protocol)
    {
        string? refusal;
        if (presented is null)
        {
            refusal = _options.RequireClientCertificate ? $"{protocol}: no client certificate presented" : null;
        }
        else
        {
            var certificate = presented as X509Certificate2;
            using var copy = certificate is null ? X509CertificateLoader.LoadCertificate(presented.GetRawCertData()) : null;
            certificate ??= copy!;
            refusal = certificates.IsIssuedHere(certificate)
                ? null
                : $"{protocol}: client certificate '{certificate.Subject}' is not issued by the test CA for client authentication";
        }

        if (refusal is not null)
        {
            lock (_gate)
            {
                _refusedHandshakes.Add(refusal);
                SignalWaitersLocked();
            }
        }

        return refusal is null;
    }
}
