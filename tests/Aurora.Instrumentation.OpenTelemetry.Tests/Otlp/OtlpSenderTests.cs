using Aurora.Instrumentation.OpenTelemetry.Otlp;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Otlp;

/// <summary>
/// The sender of one signal against the in-test receiver, configured through the standard variables: every answer is
/// classified by the OTLP specification's rules, every wait is bounded, and requests carry what the specification asks.
/// </summary>
public sealed class OtlpSenderTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(200, "Success")]
    [InlineData(202, "Success")]
    [InlineData(400, "Permanent")]
    [InlineData(401, "Permanent")]
    [InlineData(403, "Permanent")]
    [InlineData(404, "Permanent")]
    [InlineData(408, "Permanent")]
    [InlineData(413, "Permanent")]
    [InlineData(415, "Permanent")]
    [InlineData(429, "Retryable")]
    [InlineData(500, "Permanent")]
    [InlineData(501, "Permanent")]
    [InlineData(502, "Retryable")]
    [InlineData(503, "Retryable")]
    [InlineData(504, "Retryable")]
    public async Task Every_http_status_is_classified_as_the_specification_says(int status, string outcome)
    {
        var expected = Enum.Parse<OtlpExportOutcome>(outcome);
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Http(status, "said by the collector"));

        var result = Send(receiver, ReceiverProtocol.HttpProtobuf);

        Assert.Equal(expected, result.Outcome);
        if (expected != OtlpExportOutcome.Success)
        {
            Assert.StartsWith("HTTP " + status, result.Status, StringComparison.Ordinal);
            Assert.Equal("'said by the collector'", result.ServerMessage);
        }

        Assert.Equal(status is 401 or 403, result.Hint?.Contains("check the credentials in OTEL_EXPORTER_OTLP_HEADERS", StringComparison.Ordinal) ?? false);
        Assert.Equal(status == 404, result.Hint?.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", StringComparison.Ordinal) ?? false);
        Assert.Equal(status == 413, result.Hint?.Contains("larger than the collector accepts", StringComparison.Ordinal) ?? false);
    }

    [Theory]
    [InlineData(GrpcStatusCodes.Ok, "Success", "OK")]
    [InlineData(1, "Retryable", "CANCELLED")]
    [InlineData(2, "Permanent", "UNKNOWN")]
    [InlineData(GrpcStatusCodes.InvalidArgument, "Permanent", "INVALID_ARGUMENT")]
    [InlineData(4, "Retryable", "DEADLINE_EXCEEDED")]
    [InlineData(5, "Permanent", "NOT_FOUND")]
    [InlineData(6, "Permanent", "ALREADY_EXISTS")]
    [InlineData(GrpcStatusCodes.PermissionDenied, "Permanent", "PERMISSION_DENIED")]
    [InlineData(GrpcStatusCodes.ResourceExhausted, "Permanent", "RESOURCE_EXHAUSTED")] // without RetryInfo: it will never fit
    [InlineData(9, "Permanent", "FAILED_PRECONDITION")]
    [InlineData(10, "Retryable", "ABORTED")]
    [InlineData(11, "Retryable", "OUT_OF_RANGE")]
    [InlineData(12, "Permanent", "UNIMPLEMENTED")]
    [InlineData(13, "Permanent", "INTERNAL")]
    [InlineData(GrpcStatusCodes.Unavailable, "Retryable", "UNAVAILABLE")]
    [InlineData(15, "Retryable", "DATA_LOSS")]
    [InlineData(GrpcStatusCodes.Unauthenticated, "Permanent", "UNAUTHENTICATED")]
    public async Task Every_grpc_status_is_classified_as_the_specification_says(int code, string outcome, string name)
    {
        var expected = Enum.Parse<OtlpExportOutcome>(outcome);
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Grpc(code, code == 0 ? null : "said over grpc"));

        var result = Send(receiver, ReceiverProtocol.Grpc);

        Assert.Equal(expected, result.Outcome);
        if (code != 0)
        {
            Assert.Equal($"gRPC {name} ({code})", result.Status);
            Assert.Equal("'said over grpc'", result.ServerMessage);
        }

        Assert.Equal(code is 7 or 16, result.Hint?.Contains("OTEL_EXPORTER_OTLP_HEADERS", StringComparison.Ordinal) ?? false);
        Assert.Equal(code == 12, result.Hint?.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", StringComparison.Ordinal) ?? false);
    }

    [Fact]
    public async Task Resource_exhausted_with_retry_info_is_throttling_and_is_retried_after_the_delay_asked_for()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Grpc(GrpcStatusCodes.ResourceExhausted, "slow down").WithRetryInfo(TimeSpan.FromSeconds(3)));

        var result = Send(receiver, ReceiverProtocol.Grpc);

        Assert.Equal(OtlpExportOutcome.Retryable, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(3), result.RetryAfter);
    }

    [Fact]
    public async Task Retry_after_in_seconds_is_the_wait_asked_for()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Http(503).WithRetryAfter(TimeSpan.FromSeconds(7)));
        receiver.AnswerNext(ReceiverAnswer.Http(429).WithRetryAfter(TimeSpan.FromSeconds(2)));

        Assert.Equal(TimeSpan.FromSeconds(7), Send(receiver, ReceiverProtocol.HttpProtobuf).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(2), Send(receiver, ReceiverProtocol.HttpProtobuf).RetryAfter);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_the_time_until_that_date()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var until = DateTimeOffset.UtcNow.AddMinutes(3);
        receiver.AnswerNext(ReceiverAnswer.Http(503).WithRetryAfter(until));

        var result = Send(receiver, ReceiverProtocol.HttpProtobuf);

        Assert.Equal(OtlpExportOutcome.Retryable, result.Outcome);
        Assert.InRange(result.RetryAfter!.Value, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3)); // whole seconds on the wire, less the time since
    }

    [Fact]
    public async Task A_retry_after_that_is_not_a_delay_or_a_date_is_no_wait()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Http(503).WithRetryAfterHeader("soon"));

        var result = Send(receiver, ReceiverProtocol.HttpProtobuf);

        Assert.Equal(OtlpExportOutcome.Retryable, result.Outcome);
        Assert.Null(result.RetryAfter);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task A_grpc_retry_info_is_read_padded_or_not_trailers_only_or_in_trailers(bool padded, bool inTrailers)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var answer = ReceiverAnswer.Grpc(GrpcStatusCodes.ResourceExhausted).WithRetryInfo(TimeSpan.FromMilliseconds(1500), padded);
        receiver.AnswerNext(inTrailers ? answer.WithGrpcStatusInTrailers() : answer);

        var result = Send(receiver, ReceiverProtocol.Grpc);

        Assert.Equal(OtlpExportOutcome.Retryable, result.Outcome);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), result.RetryAfter);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task A_partial_success_is_confirmed_and_says_what_was_dropped(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.PartialSuccess(3, "three spans were too old"));

        var result = Send(receiver, protocol, spans: ["a", "b", "c", "d"]);

        Assert.Equal(OtlpExportOutcome.PartialSuccess, result.Outcome);
        Assert.True(result.IsConfirmed);
        Assert.Equal(3, result.Rejected);
        Assert.Equal("'three spans were too old'", result.ServerMessage);
        Assert.Equal(4, receiver.Spans.Count);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task A_trickled_answer_within_the_timeout_is_confirmed(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Trickle(TimeSpan.FromMilliseconds(5), bytes: 40));

        var result = Send(receiver, protocol);

        Assert.Equal(OtlpExportOutcome.Success, result.Outcome);
        Assert.Single(receiver.Spans);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task An_answer_trickled_past_the_timeout_is_a_confirmation_only_if_the_collector_kept_the_data(ReceiverProtocol protocol)
    {
        // OTLP/HTTP acknowledges with its status line (the body only adds a partial success); OTLP/gRPC with the
        // grpc-status trailer after the message. What the sender concludes must match what the collector kept, or a
        // resend duplicates (HTTP) or a loss goes unnoticed (gRPC).
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Trickle(TimeSpan.FromMilliseconds(50), bytes: 64));

        var result = Send(receiver, protocol, new() { ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "500" });

        Assert.Equal(receiver.Spans.Count == 1, result.IsConfirmed);
        Assert.Equal(protocol == ReceiverProtocol.HttpProtobuf, result.IsConfirmed);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task A_hung_collector_is_a_retryable_timeout_at_the_signal_timeout(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Hang);

        var result = Send(receiver, protocol, new() { ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "300" });

        Assert.Equal(OtlpExportOutcome.Retryable, result.Outcome);
        Assert.Equal("no answer within 300 ms", result.Status);
        Assert.Empty(receiver.Spans);
    }

    [Fact]
    public async Task The_callers_deadline_bounds_a_send_without_a_timeout()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Hang);
        using var sender = Create(receiver, ReceiverProtocol.HttpProtobuf, new() { ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "0" });

        var result = sender.Send(RawOtlpRequests.Traces("a"), TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.Equal(OtlpExportOutcome.Retryable, result.Outcome);
        Assert.Equal("no answer within 300 ms", result.Status);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task No_timeout_and_no_deadline_sends_as_usual(ReceiverProtocol protocol)
    {
        // OTEL_EXPORTER_OTLP_TIMEOUT=0 is "no limit"; the app's own export thread sends with no deadline of its own
        // (its exit cancels it).
        await using var receiver = await OtlpReceiver.CreateAsync();
        using var sender = Create(receiver, protocol, new() { ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "0" });

        var result = sender.Send(RawOtlpRequests.Traces("a"), DateTimeOffset.MaxValue - DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(OtlpExportOutcome.Success, result.Outcome);
        Assert.Single(receiver.Spans);
    }

    [Fact]
    public async Task A_cancelled_send_ends_at_once_as_retryable()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Hang);
        using var sender = Create(receiver, ReceiverProtocol.Grpc);
        using var exit = new CancellationTokenSource();

        var sending = Task.Run(() => sender.Send(RawOtlpRequests.Traces("a"), s_deadline, exit.Token));
        await receiver.WaitForRequestsAsync(r => r.Any(x => x.Outcome == ReceivedRequestOutcome.Hung));
        await exit.CancelAsync();
        var result = await sending.WaitAsync(OtlpReceiver.DefaultTimeout);

        Assert.Equal(new OtlpExportResult(OtlpExportOutcome.Retryable, "cancelled"), result);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task A_reset_connection_is_retryable(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Reset);

        var result = Send(receiver, protocol);

        Assert.Equal(OtlpExportOutcome.Retryable, result.Outcome);
        Assert.Empty(receiver.Spans);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task A_refused_connection_is_retryable_and_asks_whether_the_collector_runs(ReceiverProtocol protocol)
    {
        var port = OtlpReceiver.ReserveClosedPort();
        var settings = Resolve(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol == ReceiverProtocol.Grpc ? "grpc" : "http/protobuf",
        });
        using var sender = OtlpSender.TryCreate(settings, OtlpTemporality.Cumulative, out _)!;

        var result = sender.Send(RawOtlpRequests.Traces("a"), s_deadline, CancellationToken.None);

        Assert.Equal(OtlpExportOutcome.Retryable, result.Outcome);
        Assert.Equal("connection failed (ConnectionRefused)", result.Status);
        Assert.Contains("is the collector running? (endpoint from OTEL_EXPORTER_OTLP_ENDPOINT)", result.Hint);
    }

    [Fact]
    public async Task A_refusal_with_a_large_error_page_is_still_a_refusal()
    {
        // A proxy in front of the collector may answer with a page far larger than any OTLP answer.
        await using var receiver = await OtlpReceiver.CreateAsync();
        var page = System.Text.Encoding.ASCII.GetBytes("<html>" + new string('x', 200_000) + "</html>");
        receiver.AnswerNext(ReceiverAnswer.Http(401).WithHttpBody("text/html", page));

        var result = Send(receiver, ReceiverProtocol.HttpProtobuf);

        Assert.Equal(OtlpExportOutcome.Permanent, result.Outcome);
        Assert.StartsWith("HTTP 401", result.Status, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc, ReceiverSignal.Traces)]
    [InlineData(ReceiverProtocol.Grpc, ReceiverSignal.Metrics)]
    [InlineData(ReceiverProtocol.HttpProtobuf, ReceiverSignal.Traces)]
    [InlineData(ReceiverProtocol.HttpProtobuf, ReceiverSignal.Metrics)]
    public async Task Requests_carry_the_user_agent_the_signal_headers_and_gzip_when_asked(ReceiverProtocol protocol, ReceiverSignal signal)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = Environment(receiver, protocol);
        environment["OTEL_EXPORTER_OTLP_HEADERS"] = "api-key=general,x-tenant=acme";
        environment["OTEL_EXPORTER_OTLP_COMPRESSION"] = "gzip";
        var settings = Resolve(environment, signal == ReceiverSignal.Traces ? OtlpSignal.Traces : OtlpSignal.Metrics);
        using var sender = OtlpSender.TryCreate(settings, OtlpTemporality.Cumulative, out _)!;

        var body = signal == ReceiverSignal.Traces ? RawOtlpRequests.Traces("gzipped") : RawOtlpRequests.Metrics("gzipped.metric");
        Assert.Equal(OtlpExportOutcome.Success, sender.Send(body, s_deadline, CancellationToken.None).Outcome);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal(ReceivedRequestOutcome.Accepted, request.Outcome);
        Assert.Equal(signal, request.Signal);
        Assert.Equal("Aurora-OTLP-Exporter-Dotnet/" + Telemetry.LibraryVersion.Value, request.Header("User-Agent"));
        Assert.Equal("general", request.Header("api-key"));
        Assert.Equal("acme", request.Header("x-tenant"));
        Assert.Equal("gzip", request.Header(protocol == ReceiverProtocol.Grpc ? "grpc-encoding" : "Content-Encoding"));
        Assert.Equal(1, request.ItemCount);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task A_private_ca_from_the_certificate_variable_is_trusted(ReceiverProtocol protocol)
    {
        using var certificates = TestCertificates.Create();
        await using var receiver = await OtlpReceiver.CreateAsync(new OtlpReceiverOptions { Tls = certificates });
        var environment = Environment(receiver, protocol);
        foreach (var (name, value) in certificates.ExporterVariables(includeClientCertificate: false))
        {
            environment[name] = value;
        }

        Assert.Equal(OtlpExportOutcome.Success, Send(receiver, protocol, environment).Outcome);
        var request = Assert.Single(receiver.Requests);
        Assert.True(request.IsTls);
        Assert.Null(request.ClientCertificateSubject);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Mutual_tls_presents_the_client_certificate_of_the_variables(ReceiverProtocol protocol)
    {
        using var certificates = TestCertificates.Create("CN=aurora-sender-test");
        await using var receiver = await OtlpReceiver.CreateAsync(new OtlpReceiverOptions { Tls = certificates, RequireClientCertificate = true });
        var environment = Environment(receiver, protocol);
        foreach (var (name, value) in certificates.ExporterVariables())
        {
            environment[name] = value;
        }

        Assert.Equal(OtlpExportOutcome.Success, Send(receiver, protocol, environment).Outcome);
        Assert.Equal("CN=aurora-sender-test", Assert.Single(receiver.Requests).ClientCertificateSubject);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Without_the_ca_the_handshake_fails_as_retryable_and_names_the_certificate_variable(ReceiverProtocol protocol)
    {
        using var certificates = TestCertificates.Create();
        await using var receiver = await OtlpReceiver.CreateAsync(new OtlpReceiverOptions { Tls = certificates });

        var result = Send(receiver, protocol, Environment(receiver, protocol));

        Assert.Equal(OtlpExportOutcome.Retryable, result.Outcome);
        Assert.Equal("TLS handshake failed", result.Status);
        Assert.Contains("OTEL_EXPORTER_OTLP_CERTIFICATE", result.Hint);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public void Tls_files_that_do_not_load_are_a_problem_named_not_a_throw()
    {
        var notPem = Path.Combine(Path.GetTempPath(), "aurora-not-a-pem-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(notPem, "this is no certificate");
        try
        {
            var settings = Resolve(new()
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "https://127.0.0.1:4318",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE"] = notPem,
            });

            Assert.Null(OtlpSender.TryCreate(settings, OtlpTemporality.Cumulative, out var problem));
            Assert.Contains("OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", problem);
        }
        finally
        {
            File.Delete(notPem);
        }
    }

    private static Dictionary<string, string> Environment(OtlpReceiver receiver, ReceiverProtocol protocol) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.EndpointFor(protocol).GetLeftPart(UriPartial.Authority),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol == ReceiverProtocol.Grpc ? "grpc" : "http/protobuf",
    };

    private static OtlpSignalSettings Resolve(Dictionary<string, string> environment, OtlpSignal signal = OtlpSignal.Traces)
    {
        var warnings = new List<string>();
        var destination = OtlpDestination.Resolve(name => environment.GetValueOrDefault(name), warnings);
        Assert.Empty(warnings);
        return destination.For(signal);
    }

    private static OtlpSender Create(OtlpReceiver receiver, ReceiverProtocol protocol, Dictionary<string, string>? extra = null)
    {
        var environment = Environment(receiver, protocol);
        foreach (var (name, value) in extra ?? [])
        {
            environment[name] = value;
        }

        var sender = OtlpSender.TryCreate(Resolve(environment), OtlpTemporality.Cumulative, out var problem);
        Assert.Null(problem);
        return sender!;
    }

    private static OtlpExportResult Send(OtlpReceiver receiver, ReceiverProtocol protocol, Dictionary<string, string>? environment = null, string[]? spans = null)
    {
        using var sender = Create(receiver, protocol, environment);
        return sender.Send(RawOtlpRequests.Traces(spans ?? ["one"]), s_deadline, CancellationToken.None);
    }
}
