using Aurora.Instrumentation.OpenTelemetry.Otlp;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Otlp;

/// <summary>One configuration for both signals, with the specification's precedence, and every bad value named.</summary>
public sealed class OtlpDestinationTests
{
    [Fact]
    public void Grpc_is_the_default_protocol_and_both_signals_post_to_their_service_methods()
    {
        var destination = Resolve(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4317" });

        Assert.Equal(OtlpProtocol.Grpc, destination.Traces.Protocol);
        Assert.Equal(OtlpProtocol.Grpc, destination.Metrics.Protocol);
        Assert.Equal(new Uri("http://collector:4317/opentelemetry.proto.collector.trace.v1.TraceService/Export"), destination.Traces.RequestUri);
        Assert.Equal(new Uri("http://collector:4317/opentelemetry.proto.collector.metrics.v1.MetricsService/Export"), destination.Metrics.RequestUri);
        Assert.Equal("http://collector:4317", destination.Traces.Display);
        Assert.Equal(OtlpTemporality.Cumulative, destination.Temporality);
    }

    [Theory]
    [InlineData("http://collector:4318", "http://collector:4318/v1/traces", "http://collector:4318/v1/metrics")]
    [InlineData("http://collector:4318/", "http://collector:4318/v1/traces", "http://collector:4318/v1/metrics")]
    [InlineData("https://collector:4318/otlp", "https://collector:4318/otlp/v1/traces", "https://collector:4318/otlp/v1/metrics")]
    public void Http_protobuf_appends_each_signal_path_to_the_general_endpoint(string endpoint, string traces, string metrics)
    {
        var destination = Resolve(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint, ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf" });

        Assert.Equal(new Uri(traces), destination.Traces.RequestUri);
        Assert.Equal(new Uri(metrics), destination.Metrics.RequestUri);
    }

    [Theory]
    [InlineData("TRACES")]
    [InlineData("METRICS")]
    public void Signal_specific_variables_win_for_their_signal_only(string signal)
    {
        var env = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://general:4317",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "a=1",
            ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "100",
            [$"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"] = "http://specific:9999/custom",
            [$"OTEL_EXPORTER_OTLP_{signal}_PROTOCOL"] = "http/protobuf",
            [$"OTEL_EXPORTER_OTLP_{signal}_HEADERS"] = "api-key=s%3Dcret,x=y",
            [$"OTEL_EXPORTER_OTLP_{signal}_TIMEOUT"] = "250",
            [$"OTEL_EXPORTER_OTLP_{signal}_COMPRESSION"] = "gzip",
        };
        var destination = Resolve(env);
        var (specific, general) = signal == "TRACES" ? (destination.Traces, destination.Metrics) : (destination.Metrics, destination.Traces);

        Assert.Equal(new Uri("http://specific:9999/custom"), specific.RequestUri); // used as given
        Assert.Equal(OtlpProtocol.HttpProtobuf, specific.Protocol);
        Assert.Equal(TimeSpan.FromMilliseconds(250), specific.Timeout);
        Assert.Equal(OtlpCompression.Gzip, specific.Compression);
        Assert.Equal([new("api-key", "s=cret"), new KeyValuePair<string, string>("x", "y")], specific.Headers);
        Assert.Equal($"OTEL_EXPORTER_OTLP_{signal}_HEADERS", specific.HeadersVariable);
        Assert.Equal($"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT", specific.EndpointVariable);

        Assert.Equal(OtlpProtocol.Grpc, general.Protocol);
        Assert.Equal("http://general:4317", general.Display);
        Assert.Equal(TimeSpan.FromMilliseconds(100), general.Timeout);
        Assert.Equal(OtlpCompression.None, general.Compression);
        Assert.Equal([new KeyValuePair<string, string>("a", "1")], general.Headers);
        Assert.DoesNotContain("cret", specific.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificates_follow_the_same_precedence_and_mutual_tls_needs_both_files()
    {
        var folder = Directory.CreateTempSubdirectory("aurora-certs-").FullName;
        try
        {
            var ca = Path.Combine(folder, "ca.pem");
            var cert = Path.Combine(folder, "client.pem");
            var key = Path.Combine(folder, "client.key");
            File.WriteAllText(ca, "x");
            File.WriteAllText(cert, "x");
            File.WriteAllText(key, "x");
            var warnings = new List<string>();
            var destination = OtlpDestination.Resolve(Env(new()
            {
                ["OTEL_EXPORTER_OTLP_CERTIFICATE"] = ca,
                ["OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE"] = cert,
                ["OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY"] = key,
                ["OTEL_EXPORTER_OTLP_METRICS_CLIENT_CERTIFICATE"] = cert,
            }), warnings);

            Assert.Equal(ca, destination.Traces.CertificatePath);
            Assert.Equal(ca, destination.Metrics.CertificatePath);
            Assert.Equal((cert, key), (destination.Traces.ClientCertificatePath, destination.Traces.ClientKeyPath));
            Assert.Null(destination.Metrics.ClientCertificatePath);
            var warning = Assert.Single(warnings);
            Assert.Contains("OTEL_EXPORTER_OTLP_METRICS_CLIENT_CERTIFICATE", warning, StringComparison.Ordinal);
            Assert.Contains("OTEL_EXPORTER_OTLP_CLIENT_KEY", warning, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_zero_timeout_means_no_limit_as_the_specification_says()
    {
        var destination = Resolve(new() { ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "0" });
        Assert.Null(destination.Traces.Timeout);
        Assert.Null(destination.Metrics.Timeout);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon", "using grpc")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "using http/protobuf")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "not a url", "using http://localhost:4317")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://collector", "using http://localhost:4317")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "collector:4317", "ignored")]
    [InlineData("OTEL_EXPORTER_OTLP_TIMEOUT", "soon", "using 10000")]
    [InlineData("OTEL_EXPORTER_OTLP_TIMEOUT", "-5", "using 10000")]
    [InlineData("OTEL_EXPORTER_OTLP_COMPRESSION", "zstd", "using none")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "sometimes", "using cumulative")]
    [InlineData("OTEL_EXPORTER_OTLP_CERTIFICATE", "/no/such/ca.pem", "ignored")]
    public void A_bad_value_is_one_warning_naming_the_variable_and_what_is_used(string variable, string value, string used)
    {
        var warnings = new List<string>();
        _ = OtlpDestination.Resolve(Env(new() { [variable] = value }), warnings);

        // A general variable applies to both signals: one warning per signal that reads it, each naming it.
        Assert.NotEmpty(warnings);
        Assert.All(warnings, warning =>
        {
            Assert.StartsWith(variable, warning, StringComparison.Ordinal);
            Assert.Contains(used, warning, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_long_bad_value_is_quoted_as_a_short_excerpt()
    {
        var warnings = new List<string>();
        _ = OtlpDestination.Resolve(Env(new() { ["OTEL_EXPORTER_OTLP_PROTOCOL"] = new string('x', 100_000) + "\r\n" }), warnings);

        Assert.All(warnings, warning => Assert.True(warning.Length < 250, warning));
        Assert.All(warnings, warning => Assert.Contains("(100000 characters)", warning, StringComparison.Ordinal));
    }

    [Fact]
    public void The_key_changes_with_endpoint_protocol_headers_and_service_but_not_with_timeouts()
    {
        var baseline = new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://c:4317", ["OTEL_SERVICE_NAME"] = "aur" };
        var key = Resolve(baseline).Key;
        Assert.Matches("^[0-9a-f]{16}$", key);
        Assert.Equal(key, Resolve(baseline).Key);
        Assert.Equal(key, Resolve(With(baseline, "OTEL_EXPORTER_OTLP_TIMEOUT", "5")).Key);
        Assert.Equal(key, Resolve(With(baseline, "OTEL_EXPORTER_OTLP_COMPRESSION", "gzip")).Key);
        Assert.NotEqual(key, Resolve(With(baseline, "OTEL_EXPORTER_OTLP_ENDPOINT", "http://other:4317")).Key);
        Assert.NotEqual(key, Resolve(With(baseline, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://other:4318/v1/metrics")).Key);
        Assert.NotEqual(key, Resolve(With(baseline, "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")).Key);
        Assert.NotEqual(key, Resolve(With(baseline, "OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20b")).Key);
        Assert.NotEqual(key, Resolve(With(baseline, "OTEL_SERVICE_NAME", "other-app")).Key);
    }

    private static Dictionary<string, string?> With(Dictionary<string, string?> env, string key, string value) => new(env) { [key] = value };

    private static OtlpDestination Resolve(Dictionary<string, string?> env)
    {
        var warnings = new List<string>();
        var destination = OtlpDestination.Resolve(Env(env), warnings);
        Assert.Empty(warnings);
        return destination;
    }

    private static Func<string, string?> Env(Dictionary<string, string?> env) => key => env.GetValueOrDefault(key);
}
