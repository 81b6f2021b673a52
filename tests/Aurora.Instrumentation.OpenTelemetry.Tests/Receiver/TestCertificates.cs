using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>
/// A certificate chain made for one test: a test CA, a server certificate for 127.0.0.1 / ::1 / localhost and a client
/// certificate, both signed by that CA, plus the PEM files a user would point the standard variables at, in a temp
/// folder deleted on dispose.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="AuthorityPemPath"/> → <c>OTEL_EXPORTER_OTLP_CERTIFICATE</c> (trust this CA for the collector).</item>
/// <item><see cref="ClientCertificatePemPath"/> → <c>OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE</c>.</item>
/// <item><see cref="ClientKeyPemPath"/> → <c>OTEL_EXPORTER_OTLP_CLIENT_KEY</c> (PKCS#8 PEM, mode 0600).</item>
/// </list>
/// Keys are ECDSA P-256 (quick to make). No certificate names a CRL or OCSP location, so no client goes to the network
/// to check revocation. Two instances share nothing: one's CA does not trust the other's certificates.
/// </remarks>
public sealed class TestCertificates : IDisposable
{
    /// <summary><c>OTEL_EXPORTER_OTLP_CERTIFICATE</c>.</summary>
    public const string CertificateVariable = "OTEL_EXPORTER_OTLP_CERTIFICATE";

    /// <summary><c>OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE</c>.</summary>
    public const string ClientCertificateVariable = "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE";

    /// <summary><c>OTEL_EXPORTER_OTLP_CLIENT_KEY</c>.</summary>
    public const string ClientKeyVariable = "OTEL_EXPORTER_OTLP_CLIENT_KEY";

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private readonly DirectoryInfo _folder;

    private TestCertificates(string clientSubject)
    {
        // Valid from a day ago, so a clock a little behind still accepts them; two days is ample for any test run.
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = notBefore.AddDays(3);

        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=Aurora Instrumentation Test CA, O=Aurora tests", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, critical: false));
        Authority = Reloaded(authorityRequest.CreateSelfSigned(notBefore, notAfter));

        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        ServerCertificate = Issue("CN=127.0.0.1", ServerAuthentication, names.Build(), notBefore, notAfter);
        ClientCertificate = Issue(clientSubject, ClientAuthentication, subjectAlternativeNames: null, notBefore, notAfter);

        _folder = Directory.CreateTempSubdirectory("aurora-tls-");
        AuthorityPemPath = Path.Combine(_folder.FullName, "ca.pem");
        ClientCertificatePemPath = Path.Combine(_folder.FullName, "client.pem");
        ClientKeyPemPath = Path.Combine(_folder.FullName, "client-key.pem");
        File.WriteAllText(AuthorityPemPath, Authority.ExportCertificatePem() + "\n");
        File.WriteAllText(ClientCertificatePemPath, ClientCertificate.ExportCertificatePem() + "\n");
        using var clientKey = ClientCertificate.GetECDsaPrivateKey()!;
        WritePrivate(ClientKeyPemPath, clientKey.ExportPkcs8PrivateKeyPem() + "\n");
    }

    /// <summary>The test CA (with its key): the trust root for both sides.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The receiver's certificate (with its key): SAN IP 127.0.0.1 and ::1, DNS localhost; server authentication.</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>The client certificate (with its key): client authentication, signed by <see cref="Authority"/>.</summary>
    public X509Certificate2 ClientCertificate { get; }

    /// <summary>The folder holding the PEM files; deleted on dispose.</summary>
    public string Folder => _folder.FullName;

    /// <summary>The CA certificate, PEM (for <c>OTEL_EXPORTER_OTLP_CERTIFICATE</c>).</summary>
    public string AuthorityPemPath { get; }

    /// <summary>The client certificate, PEM (for <c>OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE</c>).</summary>
    public string ClientCertificatePemPath { get; }

    /// <summary>The client's private key, PKCS#8 PEM (for <c>OTEL_EXPORTER_OTLP_CLIENT_KEY</c>).</summary>
    public string ClientKeyPemPath { get; }

    /// <summary>Creates a fresh chain and writes its PEM files.</summary>
    /// <param name="clientSubject">Distinguished name of the client certificate.</param>
    public static TestCertificates Create(string clientSubject = "CN=aurora-test-client") => new(clientSubject);

    /// <summary>
    /// The standard variables pointing at the PEM files: always the CA, and the client certificate and key unless
    /// <paramref name="includeClientCertificate"/> is false.
    /// </summary>
    public Dictionary<string, string> ExporterVariables(bool includeClientCertificate = true)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { [CertificateVariable] = AuthorityPemPath };
        if (includeClientCertificate)
        {
            variables[ClientCertificateVariable] = ClientCertificatePemPath;
            variables[ClientKeyVariable] = ClientKeyPemPath;
        }

        return variables;
    }

    /// <summary>
    /// A handler that trusts only <see cref="Authority"/> (custom root trust; host names still checked) and, when
    /// <paramref name="presentClientCertificate"/>, presents <see cref="ClientCertificate"/>.
    /// </summary>
    public SocketsHttpHandler CreateHttpHandler(bool presentClientCertificate = true)
    {
        var trust = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        trust.CustomTrustStore.Add(Authority);
        var ssl = new SslClientAuthenticationOptions { CertificateChainPolicy = trust };
        if (presentClientCertificate)
        {
            ssl.ClientCertificates = [ClientCertificate];
        }

        return new SocketsHttpHandler { SslOptions = ssl };
    }

    /// <summary>Whether <paramref name="certificate"/> chains to <see cref="Authority"/> for <paramref name="usageOid"/>.</summary>
    internal bool IsIssuedHere(X509Certificate2 certificate, string usageOid = ClientAuthentication)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usageOid));
        return chain.Build(certificate);
    }

    /// <summary>Deletes the PEM files and releases the certificates.</summary>
    public void Dispose()
    {
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }

        ClientCertificate.Dispose();
        ServerCertificate.Dispose();
        Authority.Dispose();
    }

    // A PKCS#12 round trip gives a certificate whose key every platform's TLS stack can use (Windows refuses
    // ephemeral keys in SslStream); on Linux it is merely harmless.
    private static X509Certificate2 Reloaded(X509Certificate2 withKey)
    {
        using (withKey)
        {
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
        }
    }

    private static void WritePrivate(string path, string contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new FileStream(path, options);
        using var writer = new StreamWriter(file);
        writer.Write(contents);
    }

    private X509Certificate2 Issue(
        string subject, string usageOid, X509Extension? subjectAlternativeNames, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (subjectAlternativeNames is not null)
        {
            request.CertificateExtensions.Add(subjectAlternativeNames);
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // a positive serial number
        using var issued = request.Create(Authority, notBefore, notAfter, serial);
        return Reloaded(issued.CopyWithPrivateKey(key));
    }
}
