using System.Diagnostics;
using Aurora.Instrumentation.OpenTelemetry.Delivery;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;
using Aurora.Instrumentation.OpenTelemetry.Tests.Support;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Export;

/// <summary>
/// The standard OTLP variables as a user sets them, with real probe runs and their senders: bad values are named and
/// delivery goes on where it can, signal-specific variables win for their signal, TLS and gzip apply to both signals,
/// and each destination (endpoint, protocol, headers, service) has its own spool folder.
/// </summary>
[Collection(ChildProcessGroup.Name)]
public sealed class ChildProcessSettingsTests : IAsyncLifetime
{
    /// <summary>Past ready + 100 ms: the run resolves its destination itself and prints what is wrong with it.</summary>
    private const int PastSettleMs = 300;

    /// <summary>
    /// Runs the probe held past ready until its startup spans arrived: by then its export thread resolved the
    /// destination and printed what is wrong with it (however long a loaded machine kept that thread waiting).
    /// </summary>
    private Task<ProbeResult> RunPastSettleAsync(OtlpReceiver receiver, Dictionary<string, string> environment, string command)
        => _scenario.RunHoldingAsync(environment, command, traceId => receiver.WaitForSpansAsync(s => s.Count(x => x.TraceId == traceId) >= 5, OtlpReceiver.DefaultTimeout));

    private readonly ExportScenario _scenario = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _scenario.DisposeAsync().AsTask();

    [Theory]
    [InlineData(ReceiverProtocol.Grpc, "OTEL_EXPORTER_OTLP_HEADERS", "x=1,x=2", "OTEL_EXPORTER_OTLP_HEADERS names 'x' more than once; the last value is used", null)]
    [InlineData(ReceiverProtocol.HttpProtobuf, "OTEL_EXPORTER_OTLP_HEADERS", "noequals", "OTEL_EXPORTER_OTLP_HEADERS: entry 1 is not name=value", "noequals")]
    [InlineData(ReceiverProtocol.Grpc, "OTEL_EXPORTER_OTLP_HEADERS", "a=b%0D%0AX-Evil: 1", "OTEL_EXPORTER_OTLP_HEADERS: the value of 'a' holds a character a header cannot carry", "Evil")]
    [InlineData(ReceiverProtocol.HttpProtobuf, "OTEL_EXPORTER_OTLP_HEADERS", "a=b%0D%0AX-Evil: 1", "OTEL_EXPORTER_OTLP_HEADERS: the value of 'a' holds a character a header cannot carry", "Evil")]
    [InlineData(ReceiverProtocol.HttpProtobuf, "OTEL_EXPORTER_OTLP_HEADERS", "Host=evil", "OTEL_EXPORTER_OTLP_HEADERS: 'Host' is a header the OTLP transport sets itself", "evil")]
    [InlineData(ReceiverProtocol.Grpc, "OTEL_EXPORTER_OTLP_TIMEOUT", "0", null, null)]
    [InlineData(ReceiverProtocol.HttpProtobuf, "OTEL_EXPORTER_OTLP_TIMEOUT", "-5", "OTEL_EXPORTER_OTLP_TIMEOUT '-5' is not a whole number of milliseconds (0 for no limit); using 10000", null)]
    [InlineData(ReceiverProtocol.Grpc, "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc-web", "OTEL_EXPORTER_OTLP_PROTOCOL 'grpc-web' is not 'grpc' or 'http/protobuf'; using grpc", null)]
    [InlineData(ReceiverProtocol.HttpProtobuf, "OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "OTEL_EXPORTER_OTLP_PROTOCOL 'http/json' is not supported (the .NET exporters send protobuf); using http/protobuf", null)]
    [InlineData(ReceiverProtocol.HttpProtobuf, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "localhost:4318/v1/traces", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT 'localhost:4318/v1/traces' is not an absolute http or https URL; it is ignored", null)]
    public async Task A_malformed_variable_is_named_and_delivery_goes_on(ReceiverProtocol protocol, string variable, string value, string? warning, string? secret)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, protocol);
        environment[variable] = value;

        var run = await RunPastSettleAsync(receiver, environment, "configured");

        await _scenario.AssertDeliveredOnceAsync(receiver, run);
        if (warning is null)
        {
            Assert.Equal("", run.StandardError);
        }
        else
        {
            Assert.Contains(warning, Assert.Single(run.ErrorLines(variable)));
        }

        if (secret is not null)
        {
            Assert.DoesNotContain(secret, run.StandardError, StringComparison.Ordinal);
        }

        // Nothing a variable tried to inject reached the collector.
        Assert.All(receiver.Requests, request =>
        {
            Assert.Null(request.Header("X-Evil"));
            Assert.Null(request.Header("a"));
            Assert.DoesNotContain("evil", request.Header("Host") ?? request.Header(":authority") ?? "", StringComparison.Ordinal);
            Assert.Equal(value == "x=1,x=2" ? "2" : null, request.Header("x"));
        });
    }

    [Fact]
    public async Task A_settings_warning_of_a_short_run_is_the_next_runs_notice_once()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, ReceiverProtocol.Grpc);
        environment["OTEL_EXPORTER_OTLP_HEADERS"] = "x=1,x=2";

        // Exiting at ready, the run never resolves its destination: its sender finds the problem and leaves it.
        var first = await _scenario.RunAsync(environment, "short");
        await _scenario.WaitForSendersAsync();
        Assert.Equal("", first.StandardError);

        var second = await _scenario.RunAsync(environment, "short");
        await _scenario.WaitForSendersAsync();
        Assert.Contains("telemetry: OTEL_EXPORTER_OTLP_HEADERS names 'x' more than once", Assert.Single(second.ErrorLines("OTEL_EXPORTER_OTLP_HEADERS")));

        var third = await _scenario.RunAsync(environment, "short");
        await _scenario.AssertDeliveredOnceAsync(receiver, first, second, third);
        Assert.Equal("", third.StandardError);
    }

    [Fact]
    public async Task A_run_that_names_its_settings_problem_itself_is_not_told_it_again_by_the_last_runs_sender()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, ReceiverProtocol.Grpc);
        environment["OTEL_EXPORTER_OTLP_TIMEOUT"] = "soon";

        var first = await RunPastSettleAsync(receiver, environment, "long");
        await _scenario.WaitForSendersAsync();
        var second = await RunPastSettleAsync(receiver, environment, "long");

        await _scenario.AssertDeliveredOnceAsync(receiver, first, second);
        Assert.Single(first.ErrorLines("OTEL_EXPORTER_OTLP_TIMEOUT"));
        Assert.Single(second.ErrorLines("OTEL_EXPORTER_OTLP_TIMEOUT"));
    }

    [Theory]
    [InlineData(ReceiverProtocol.HttpProtobuf, ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.Grpc, ReceiverProtocol.HttpProtobuf)]
    public async Task Signal_specific_variables_send_each_signal_its_own_way(ReceiverProtocol traces, ReceiverProtocol metrics)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, ReceiverProtocol.Grpc);
        environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        environment.Remove("OTEL_EXPORTER_OTLP_PROTOCOL");
        environment["OTEL_EXPORTER_OTLP_HEADERS"] = "x-both=general";
        environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = SignalEndpoint(receiver, traces, ReceiverSignal.Traces);
        environment["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] = Protocol(traces);
        environment["OTEL_EXPORTER_OTLP_TRACES_HEADERS"] = "x-traces=t1";
        environment["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = SignalEndpoint(receiver, metrics, ReceiverSignal.Metrics);
        environment["OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"] = Protocol(metrics);
        environment["OTEL_EXPORTER_OTLP_METRICS_HEADERS"] = "x-metrics=m1";

        var run = await _scenario.RunAsync(environment, "split");

        await _scenario.AssertDeliveredOnceAsync(receiver, run);
        Assert.All(receiver.Spans, s => Assert.Equal(traces, s.Protocol));
        Assert.All(receiver.Metrics, m => Assert.Equal(metrics, m.Protocol));
        Assert.All(receiver.Requests.Where(r => r.Signal == ReceiverSignal.Traces), r =>
        {
            Assert.Equal(traces, r.Protocol);
            Assert.Equal("t1", r.Header("x-traces"));
            Assert.Null(r.Header("x-metrics"));
            Assert.Null(r.Header("x-both")); // the signal's own headers replace the general ones
        });
        Assert.All(receiver.Requests.Where(r => r.Signal == ReceiverSignal.Metrics), r =>
        {
            Assert.Equal(metrics, r.Protocol);
            Assert.Equal("m1", r.Header("x-metrics"));
            Assert.Null(r.Header("x-traces"));
        });
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Gzip_compresses_both_signals(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, protocol);
        environment["OTEL_EXPORTER_OTLP_COMPRESSION"] = "gzip";

        var run = await _scenario.RunAsync(environment, "gzip");

        await _scenario.AssertDeliveredOnceAsync(receiver, run);
        Assert.Contains(receiver.Requests, r => r.Signal == ReceiverSignal.Traces);
        Assert.Contains(receiver.Requests, r => r.Signal == ReceiverSignal.Metrics);
        Assert.All(receiver.Requests, r => Assert.Equal("gzip", r.Header(protocol == ReceiverProtocol.Grpc ? "grpc-encoding" : "Content-Encoding")));
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc, false)]
    [InlineData(ReceiverProtocol.HttpProtobuf, true)]
    public async Task Tls_with_the_certificate_variables_delivers_both_signals(ReceiverProtocol protocol, bool mutual)
    {
        using var certificates = TestCertificates.Create("CN=aurora-probe-client");
        await using var receiver = await OtlpReceiver.CreateAsync(new OtlpReceiverOptions { Tls = certificates, RequireClientCertificate = mutual });
        var environment = _scenario.Environment(receiver, protocol);
        foreach (var (name, value) in certificates.ExporterVariables(includeClientCertificate: mutual))
        {
            environment[name] = value;
        }

        var run = await _scenario.RunAsync(environment, "tls");

        await _scenario.AssertDeliveredOnceAsync(receiver, run);
        Assert.All(receiver.Requests, r =>
        {
            Assert.True(r.IsTls);
            Assert.Equal(mutual ? "CN=aurora-probe-client" : null, r.ClientCertificateSubject);
        });
    }

    [Fact]
    public async Task Without_the_ca_nothing_is_delivered_the_files_wait_and_the_next_run_names_the_tls_problem()
    {
        using var certificates = TestCertificates.Create();
        await using var receiver = await OtlpReceiver.CreateAsync(new OtlpReceiverOptions { Tls = certificates });
        var environment = _scenario.Environment(receiver, ReceiverProtocol.Grpc);
        var folder = _scenario.FolderOf(environment);

        await _scenario.RunAsync(environment, "untrusted");

        // Its sender keeps trying (the handshake failure is retryable); the first failure is already a notice.
        var notice = Path.Combine(folder, DeliveryStatus.NoticeFile);
        await Eventually.HoldsAsync(() => File.Exists(notice), "the sender's notice");
        var next = await _scenario.RunAsync(new Dictionary<string, string>(environment) { ["AURORA_SMOKE_LINGER_MS"] = PastSettleMs.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "untrusted");

        var told = Assert.Single(next.ErrorLines("telemetry:"));
        Assert.Contains("TLS handshake failed", told);
        Assert.Contains(receiver.GrpcEndpoint.GetLeftPart(UriPartial.Authority), told);
        Assert.Contains("OTEL_EXPORTER_OTLP_CERTIFICATE", told);
        Assert.Empty(receiver.Requests);
        Assert.Equal(4, ExportScenario.SpoolFiles(folder).Count); // both runs' traces and metrics wait (or are being tried)
        Assert.Empty(ExportScenario.RejectedFiles(folder));
    }

    [Fact]
    public async Task Each_destination_has_its_own_folder_and_its_sender_sends_only_that_folder()
    {
        await using var receiverA = await OtlpReceiver.CreateAsync();
        await using var receiverB = await OtlpReceiver.CreateAsync();
        var a = _scenario.Environment(receiverA, ReceiverProtocol.HttpProtobuf);
        a["OTEL_SERVICE_NAME"] = "service-a";
        var b = _scenario.Environment(receiverB, ReceiverProtocol.HttpProtobuf);
        b["OTEL_SERVICE_NAME"] = "service-b";
        var aAsTenant = new Dictionary<string, string>(a) { ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-tenant=other", ["AURORA_EXPORT_AFTER_EXIT"] = "off" };

        // A's first run and a run with other headers leave their files; A's collector then goes away.
        var firstA = await _scenario.RunAsync(new Dictionary<string, string>(a) { ["AURORA_EXPORT_AFTER_EXIT"] = "off" }, "a");
        await _scenario.RunAsync(aAsTenant, "tenant");
        await receiverA.StopAsync();
        Assert.Equal(3, new[] { _scenario.FolderOf(a), _scenario.FolderOf(b), _scenario.FolderOf(aAsTenant) }.Distinct().Count());
        Assert.Equal(2, _scenario.Folders().Count);

        // B's run and its sender deliver B's files only.
        var runB = await _scenario.RunAsync(b, "b");
        await _scenario.AssertDeliveredOnceAsync(receiverB, _scenario.FolderOf(b), runB);
        Assert.All(receiverB.Spans, s => Assert.Equal("service-b", s.ResourceAttributes["service.name"]));
        Assert.Equal(2, ExportScenario.SpoolFiles(_scenario.FolderOf(a)).Count);

        // A sender started by hand for A's folder with B's environment sends nothing: not its destination.
        Assert.Equal(0, await ProbeProcess.RunSenderAsync(b, _scenario.FolderOf(a)));
        Assert.Equal(2, ExportScenario.SpoolFiles(_scenario.FolderOf(a)).Count);

        // A's collector is back: A's next run sends both of A's runs there, and nothing of B's.
        await receiverA.StartAsync();
        var secondA = await _scenario.RunAsync(a, "a");
        await _scenario.AssertDeliveredOnceAsync(receiverA, _scenario.FolderOf(a), firstA, secondA);
        Assert.All(receiverA.Spans, s => Assert.Equal("service-a", s.ResourceAttributes["service.name"]));
        Assert.DoesNotContain(receiverA.Spans, s => runB.Spans.Any(r => r.SpanId == s.SpanId));
        Assert.DoesNotContain(receiverB.Spans, s => firstA.Spans.Concat(secondA.Spans).Any(r => r.SpanId == s.SpanId));
        Assert.Equal(2, ExportScenario.SpoolFiles(_scenario.FolderOf(aAsTenant)).Count);

        // The resource names the app's version, and every request names the exporter.
        var version = FileVersionInfo.GetVersionInfo(ProbeProcess.ProbeDll).ProductVersion!.Split('+')[0];
        Assert.All(receiverA.Spans.Concat(receiverB.Spans), s => Assert.Equal(version, s.ResourceAttributes["service.version"]));
        Assert.All(receiverA.Metrics.Concat(receiverB.Metrics), m => Assert.Equal(version, m.ResourceAttributes["service.version"]));
        Assert.All(receiverA.Requests.Concat(receiverB.Requests), r => Assert.StartsWith("Aurora-OTLP-Exporter-Dotnet/", r.Header("User-Agent"), StringComparison.Ordinal));
    }

    private static string Protocol(ReceiverProtocol protocol) => protocol == ReceiverProtocol.Grpc ? "grpc" : "http/protobuf";

    /// <summary>A signal-specific endpoint: the full URL for http/protobuf, the server for gRPC.</summary>
    private static string SignalEndpoint(OtlpReceiver receiver, ReceiverProtocol protocol, ReceiverSignal signal)
        => protocol == ReceiverProtocol.Grpc ? receiver.GrpcEndpoint.ToString() : receiver.EndpointFor(protocol, signal).ToString();
}
