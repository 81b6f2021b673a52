using System.Diagnostics;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using OpenTelemetry.Trace;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>TLS and mTLS with a chain made in the test, proven with HttpClient and with the real OTLP exporter.</summary>
public sealed class OtlpReceiverTlsTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public void The_test_chain_writes_pem_files_a_user_would_point_the_variables_at_and_removes_them()
    {
        string folder;
        using (var certificates = TestCertificates.Create())
        {
            folder = certificates.Folder;
            var variables = certificates.ExporterVariables();

            Assert.Equal(certificates.AuthorityPemPath, variables["OTEL_EXPORTER_OTLP_CERTIFICATE"]);
            Assert.Equal(certificates.ClientCertificatePemPath, variables["OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE"]);
            Assert.Equal(certificates.ClientKeyPemPath, variables["OTEL_EXPORTER_OTLP_CLIENT_KEY"]);
            Assert.Equal(["OTEL_EXPORTER_OTLP_CERTIFICATE"], certificates.ExporterVariables(includeClientCertificate: false).Keys);
            using var authority = X509Certificate2.CreateFromPem(File.ReadAllText(certificates.AuthorityPemPath));
            using var client = X509Certificate2.CreateFromPemFile(certificates.ClientCertificatePemPath, certificates.ClientKeyPemPath);
            Assert.Equal(certificates.Authority.Thumbprint, authority.Thumbprint);
            Assert.True(client.HasPrivateKey);
            Assert.Equal("CN=aurora-test-client", client.Subject);
            Assert.True(certificates.IsIssuedHere(client));
            Assert.False(certificates.IsIssuedHere(certificates.ServerCertificate)); // a server certificate is not for client authentication
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(certificates.ClientKeyPemPath));
            }

            var names = certificates.ServerCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
            Assert.Contains(IPAddress.Loopback, names.EnumerateIPAddresses());
            Assert.Contains("localhost", names.EnumerateDnsNames());
        }

        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Two_chains_do_not_trust_each_other()
    {
        using var one = TestCertificates.Create();
        using var other = TestCertificates.Create();

        Assert.False(one.IsIssuedHere(other.ClientCertificate));
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Tls_endpoints_answer_a_client_that_trusts_the_test_ca(ReceiverProtocol protocol)
    {
        using var certificates = TestCertificates.Create();
        await using var receiver = await OtlpReceiver.CreateAsync(new OtlpReceiverOptions { Tls = certificates });
        using var client = new HttpClient(certificates.CreateHttpHandler(presentClientCertificate: false));

        using var response = await client.SendAsync(RawOtlpRequests.For(receiver, protocol, ReceiverSignal.Traces, RawOtlpRequests.Traces("secure")));
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("https", receiver.GrpcEndpoint.Scheme);
        Assert.Equal("https", receiver.HttpEndpoint.Scheme);
        Assert.Equal(protocol == ReceiverProtocol.Grpc ? HttpVersion.Version20 : HttpVersion.Version11, response.Version); // ALPN chose it
        Assert.Equal("secure", Assert.Single(receiver.Spans).Name);
        var request = Assert.Single(receiver.Requests);
        Assert.True(request.IsTls);
        Assert.Null(request.ClientCertificateSubject);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task A_client_that_does_not_trust_the_test_ca_cannot_connect(ReceiverProtocol protocol)
    {
        using var certificates = TestCertificates.Create();
        using var stranger = TestCertificates.Create();
        await using var receiver = await OtlpReceiver.CreateAsync(new OtlpReceiverOptions { Tls = certificates });
        using var client = new HttpClient(stranger.CreateHttpHandler(presentClientCertificate: false));

        var error = await Assert.ThrowsAsync<HttpRequestException>(
            () => client.SendAsync(RawOtlpRequests.For(receiver, protocol, ReceiverSignal.Traces, RawOtlpRequests.Traces("x")))).WaitAsync(Guard);

        Assert.IsType<AuthenticationException>(error.InnerException);
        Assert.Empty(receiver.Requests);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Mtls_records_the_client_certificate_subject(ReceiverProtocol protocol)
    {
        using var certificates = TestCertificates.Create("CN=aurora-mtls-client, O=Aurora tests");
        await using var receiver = await OtlpReceiver.CreateAsync(new OtlpReceiverOptions { Tls = certificates, RequireClientCertificate = true });
        using var client = new HttpClient(certificates.CreateHttpHandler());

        using var response = await client.SendAsync(RawOtlpRequests.For(receiver, protocol, ReceiverSignal.Metrics, RawOtlpRequests.Metrics("m")));
        await response.Content.ReadAsByteArrayAsync();

        Assert.Single(receiver.Metrics);
        Assert.Equal("CN=aurora-mtls-client, O=Aurora tests", Assert.Single(receiver.Requests).ClientCertificateSubject);
        Assert.Empty(receiver.RefusedHandshakes);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc, false, "no client certificate presented")]
    [InlineData(ReceiverProtocol.HttpProtobuf, false, "no client certificate presented")]
    [InlineData(ReceiverProtocol.Grpc, true, "'CN=stranger' is not issued by the test CA")]
    [InlineData(ReceiverProtocol.HttpProtobuf, true, "'CN=stranger' is not issued by the test CA")]
    public async Task Mtls_refuses_a_client_without_a_certificate_of_the_test_ca(ReceiverProtocol protocol, bool strangerCertificate, string reason)
    {
        using var certificates = TestCertificates.Create();
        using var stranger = TestCertificates.Create("CN=stranger");
        await using var receiver = await OtlpReceiver.CreateAsync(new OtlpReceiverOptions { Tls = certificates, RequireClientCertificate = true });
        using var handler = certificates.CreateHttpHandler(presentClientCertificate: false);
        if (strangerCertificate)
        {
            handler.SslOptions.ClientCertificates = [stranger.ClientCertificate];
        }

        using var client = new HttpClient(handler, disposeHandler: false);

        await Assert.ThrowsAsync<HttpRequestException>(
            () => client.SendAsync(RawOtlpRequests.For(receiver, protocol, ReceiverSignal.Traces, RawOtlpRequests.Traces("x")))).WaitAsync(Guard);

        Assert.Contains(reason, Assert.Single(await receiver.WaitForRefusedHandshakesAsync(1, Guard)), StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
        Assert.Contains("refused handshakes", receiver.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optional_client_certificates_are_recorded_when_presented()
    {
        using var certificates = TestCertificates.Create();
        await using var receiver = await OtlpReceiver.CreateAsync(new OtlpReceiverOptions { Tls = certificates });
        using var anonymous = new HttpClient(certificates.CreateHttpHandler(presentClientCertificate: false));
        using var identified = new HttpClient(certificates.CreateHttpHandler());

        using (await anonymous.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("anonymous"))))
        using (await identified.SendAsync(RawOtlpRequests.Http(receiver, ReceiverSignal.Traces, RawOtlpRequests.Traces("identified"))))
        {
        }

        Assert.Equal([null, "CN=aurora-test-client"], receiver.Requests.Select(r => r.ClientCertificateSubject));
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task The_sdk_exporter_uses_the_standard_certificate_variables_for_mtls(ReceiverProtocol protocol)
    {
        // OpenTelemetry.Exporter.OpenTelemetryProtocol 1.20.1 reads OTEL_EXPORTER_OTLP_CERTIFICATE, _CLIENT_CERTIFICATE
        // and _CLIENT_KEY (no per-signal variants) through its IConfiguration, so they are given here per provider.
        using var certificates = TestCertificates.Create();
        await using var receiver = await OtlpReceiver.CreateAsync(new OtlpReceiverOptions { Tls = certificates, RequireClientCertificate = true });

        Export(receiver, protocol, certificates.ExporterVariables(), "mutual");

        Assert.Equal("mutual", Assert.Single(receiver.Spans).Name);
        Assert.Equal("CN=aurora-test-client", Assert.Single(receiver.Requests).ClientCertificateSubject);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task The_sdk_exporter_trusts_a_private_ca_from_the_certificate_variable(ReceiverProtocol protocol)
    {
        using var certificates = TestCertificates.Create();
        await using var receiver = await OtlpReceiver.CreateAsync(new OtlpReceiverOptions { Tls = certificates });

        Export(receiver, protocol, certificates.ExporterVariables(includeClientCertificate: false), "private-ca");

        Assert.Equal("private-ca", Assert.Single(receiver.Spans).Name);
        Assert.Null(Assert.Single(receiver.Requests).ClientCertificateSubject);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task The_sdk_exporter_without_a_client_certificate_is_refused_by_mtls(ReceiverProtocol protocol)
    {
        using var certificates = TestCertificates.Create();
        await using var receiver = await OtlpReceiver.CreateAsync(new OtlpReceiverOptions { Tls = certificates, RequireClientCertificate = true });

        Export(receiver, protocol, certificates.ExporterVariables(includeClientCertificate: false), "refused");

        await receiver.WaitForRefusedHandshakesAsync(1, Guard);
        Assert.Empty(receiver.Requests);
        Assert.Empty(receiver.Spans);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task The_sdk_exporter_without_the_ca_does_not_trust_the_receiver(ReceiverProtocol protocol)
    {
        using var log = new ExporterEventLog();
        using var certificates = TestCertificates.Create();
        await using var receiver = await OtlpReceiver.CreateAsync(new OtlpReceiverOptions { Tls = certificates });

        Export(receiver, protocol, new Dictionary<string, string>(), "untrusted");

        Assert.Empty(receiver.Requests);
        log.AssertSaw(receiver, protocol, "SSL connection could not be established");
    }

    // Exports one span synchronously (simple processor) through an exporter configured by the given variables.
    private static void Export(OtlpReceiver receiver, ReceiverProtocol protocol, Dictionary<string, string> variables, string spanName)
    {
        var sourceName = $"Receiver.Tests.{Guid.NewGuid():N}";
        using var source = new ActivitySource(sourceName);
        using var tracer = RawOtlpRequests.Tracer(receiver, protocol, sourceName, variables);
        Activity.Current = null;
        source.StartActivity(spanName)?.Dispose();
        Assert.True(tracer.ForceFlush(30_000));
    }
}
