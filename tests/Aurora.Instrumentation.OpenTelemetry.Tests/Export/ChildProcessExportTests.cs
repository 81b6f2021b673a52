using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Export;

/// <summary>
/// The probe app as a real child process, the real SDK exporter, the in-test receiver, real faults. Each test ends
/// with the receiver healthy and asserts that every span every run recorded arrived exactly once.
/// </summary>
[Collection(ChildProcessGroup.Name)]
public sealed class ChildProcessExportTests : IDisposable
{
    /// <summary>Large enough that a healthy run always finishes exporting before exit (a hang guard, not a target).</summary>
    private const int PatientFlushMs = 30_000;

    /// <summary>A short budget: the run must exit soon after it, whatever the collector does.</summary>
    private const int ShortFlushMs = 300;

    private readonly string _spool = Path.Combine(Path.GetTempPath(), "aurora-spool-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_spool))
        {
            Directory.Delete(_spool, recursive: true);
        }
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Healthy_collector_receives_every_span_with_names_parents_attributes_and_the_metrics(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var run = await ProbeProcess.RunAsync(ProbeProcess.OtlpEnvironment(receiver, protocol, _spool, PatientFlushMs), "soar");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(5, run.Spans.Count);
        await AssertExactlyOnceAsync(receiver, run.Spans);

        var spans = receiver.Spans;
        var root = Assert.Single(spans, s => s.Name == "aurora.startup");
        Assert.Null(root.ParentSpanId);
        Assert.Equal("soar", root.Attribute("aurora.command"));
        Assert.Equal(true, root.Attribute("aurora.startup.completed"));
        Assert.Equal("first_llm_call", root.Attribute("aurora.startup.milestone"));
        Assert.Equal("aurora-probe", root.ResourceAttributes["service.name"]);
        Assert.Equal("Aurora.Startup", root.ScopeName);
        Assert.Equal(protocol, root.Protocol);
        foreach (var phase in new[] { "runtime", "config", "store_init", "agent_discovery" })
        {
            var span = Assert.Single(spans, s => s.Name == "startup." + phase);
            Assert.Equal(root.SpanId, span.ParentSpanId);
            Assert.Equal(root.TraceId, span.TraceId);
            Assert.Equal(phase, span.Attribute("aurora.phase"));
            Assert.Equal(false, span.Attribute("aurora.phase.background"));
            Assert.True(span.EndUnixNano >= span.StartUnixNano);
            Assert.True(span.StartUnixNano >= root.StartUnixNano && span.EndUnixNano <= root.EndUnixNano, $"{span.Name} lies outside the root span");
        }

        var duration = await receiver.WaitForMetricAsync("aurora.startup.duration");
        Assert.Equal(ReceivedMetricKind.Histogram, duration.Kind);
        Assert.Equal(ReceivedTemporality.Delta, duration.Temporality);
        Assert.Equal("s", duration.Unit);
        var point = Assert.Single(duration.DataPoints);
        Assert.Equal(1UL, point.Count);
        Assert.Equal(StartupMetrics.DurationBucketBoundaries, point.ExplicitBounds);
        Assert.Equal("soar", point.Attributes["aurora.command"]);
        var phases = await receiver.WaitForMetricsAsync(m => m.Any(x => x.Name == "aurora.startup.phase.duration"), OtlpReceiver.DefaultTimeout);
        Assert.Contains(phases, m => m.Name == "aurora.startup.phase.duration" && m.DataPoints.Any(p => Equals(p.Attributes["aurora.phase"], "config")));
        Assert.Empty(ReadySpoolFiles());
    }

    [Theory]
    [InlineData("always_off", null)]
    [InlineData("traceidratio", "0")]
    public async Task A_sampler_that_drops_the_trace_exports_no_span_but_every_metric(string sampler, string? argument)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = ProbeProcess.OtlpEnvironment(receiver, ReceiverProtocol.HttpProtobuf, _spool, PatientFlushMs);
        environment["OTEL_TRACES_SAMPLER"] = sampler;
        if (argument is not null)
        {
            environment["OTEL_TRACES_SAMPLER_ARG"] = argument;
        }

        var run = await ProbeProcess.RunAsync(environment, "sampled");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(5, run.Spans.Count); // created (the probe's own listener saw them), just not recorded
        var phases = await receiver.WaitForMetricsAsync(m => m.Any(x => x.Name == "aurora.startup.phase.duration"), OtlpReceiver.DefaultTimeout);
        Assert.Contains(phases, m => m.Name == "aurora.startup.phase.duration" && m.DataPoints.Any(p => Equals(p.Attributes["aurora.phase"], "store_init")));
        var total = await receiver.WaitForMetricAsync("aurora.startup.duration");
        Assert.Equal("sampled", Assert.Single(total.DataPoints).Attributes["aurora.command"]);

        // The metrics are flushed after the spans of the same batch: by now any exported span would have arrived.
        Assert.Empty(receiver.Spans);
        Assert.Empty(ReadySpoolFiles());
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Short_interactive_run_persists_at_exit_without_loading_the_sdk_and_a_later_run_sends_it(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();

        // The interactive default (50 ms) is below the patient threshold: the probe exits right after ready, so
        // its spans go to the spool at once, and the SDK is never built in that run.
        var first = await ProbeProcess.RunAsync(ProbeProcess.OtlpEnvironment(receiver, protocol, _spool, 50), "short");
        Assert.Equal(0, first.ExitCode);
        Assert.Empty(receiver.Requests);
        Assert.Single(ReadySpoolFiles());

        var second = await ProbeProcess.RunAsync(ProbeProcess.OtlpEnvironment(receiver, protocol, _spool, PatientFlushMs), "after");
        await AssertExactlyOnceAsync(receiver, [.. first.Spans, .. second.Spans]);
        Assert.Empty(ReadySpoolFiles());
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Refused_connections_spool_the_run_and_a_later_run_sends_it_exactly_once(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var refused = ProbeProcess.OtlpEnvironment(receiver, protocol, _spool, ShortFlushMs);
        refused["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{OtlpReceiver.ReserveClosedPort()}";

        var first = await ProbeProcess.RunAsync(refused, "refused");
        Assert.Equal(0, first.ExitCode);
        Assert.NotEmpty(ReadySpoolFiles());
        Assert.Empty(receiver.Spans);

        var second = await ProbeProcess.RunAsync(ProbeProcess.OtlpEnvironment(receiver, protocol, _spool, PatientFlushMs), "after");
        Assert.Equal(0, second.ExitCode);
        await AssertExactlyOnceAsync(receiver, [.. first.Spans, .. second.Spans]);
        Assert.Empty(ReadySpoolFiles());
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Headers_from_OTEL_EXPORTER_OTLP_HEADERS_go_with_live_and_drained_requests_and_are_never_printed(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var refused = ProbeProcess.OtlpEnvironment(receiver, protocol, _spool, ShortFlushMs);
        refused["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{OtlpReceiver.ReserveClosedPort()}";
        refused["OTEL_EXPORTER_OTLP_HEADERS"] = "api-key=s3cret-value";
        var first = await ProbeProcess.RunAsync(refused, "headers");

        var healthy = ProbeProcess.OtlpEnvironment(receiver, protocol, _spool, PatientFlushMs);
        healthy["OTEL_EXPORTER_OTLP_HEADERS"] = "api-key=s3cret-value";
        var second = await ProbeProcess.RunAsync(healthy, "after");

        await AssertExactlyOnceAsync(receiver, [.. first.Spans, .. second.Spans]);
        var traceRequests = receiver.Requests.Where(r => r.Signal == ReceiverSignal.Traces && r.Outcome == ReceivedRequestOutcome.Accepted).ToList();
        Assert.True(traceRequests.Count >= 2, receiver.Describe()); // the live export and the drained file
        Assert.All(traceRequests, r => Assert.Equal("s3cret-value", r.Headers["api-key"]));
        Assert.DoesNotContain("s3cret", first.StandardError + first.StandardOutput + second.StandardError + second.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_runs_draining_the_same_spool_at_once_send_each_file_exactly_once()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var refused = ProbeProcess.OtlpEnvironment(receiver, ReceiverProtocol.HttpProtobuf, _spool, ShortFlushMs);
        refused["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{OtlpReceiver.ReserveClosedPort()}";
        var spooled = new List<RecordedSpan>();
        for (var i = 0; i < 4; i++)
        {
            spooled.AddRange((await ProbeProcess.RunAsync(refused, "spooled" + i)).Spans);
        }

        Assert.True(ReadySpoolFiles().Count >= 4);
        var healthy = ProbeProcess.OtlpEnvironment(receiver, ReceiverProtocol.HttpProtobuf, _spool, PatientFlushMs);
        var runs = await Task.WhenAll(ProbeProcess.RunAsync(healthy, "drainer1"), ProbeProcess.RunAsync(healthy, "drainer2"));

        Assert.All(runs, r => Assert.Equal(0, r.ExitCode));
        await AssertExactlyOnceAsync(receiver, [.. spooled, .. runs[0].Spans, .. runs[1].Spans]);
        Assert.Empty(ReadySpoolFiles());
        Assert.Empty(Directory.GetFiles(_spool, "*.claimed-*"));
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Collector_that_accepts_and_never_answers_does_not_hold_the_exit_and_nothing_is_lost(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.Mode = OtlpReceiverMode.Hang;
        var hung = ProbeProcess.OtlpEnvironment(receiver, protocol, _spool, ShortFlushMs);
        hung["OTEL_EXPORTER_OTLP_TIMEOUT"] = "60000"; // the SDK would wait a minute: the flush budget must cut it short

        var first = await ProbeProcess.RunAsync(hung, "hung");
        Assert.Equal(0, first.ExitCode);
        Assert.Empty(receiver.Spans);
        Assert.NotEmpty(ReadySpoolFiles());

        receiver.Mode = OtlpReceiverMode.Normal;
        var second = await ProbeProcess.RunAsync(ProbeProcess.OtlpEnvironment(receiver, protocol, _spool, PatientFlushMs), "after");
        await AssertExactlyOnceAsync(receiver, [.. first.Spans, .. second.Spans]);
        Assert.Empty(ReadySpoolFiles());
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc, OtlpReceiverMode.Status503)]
    [InlineData(ReceiverProtocol.HttpProtobuf, OtlpReceiverMode.Status503)]
    [InlineData(ReceiverProtocol.Grpc, OtlpReceiverMode.Status429)]
    [InlineData(ReceiverProtocol.HttpProtobuf, OtlpReceiverMode.Status429)]
    public async Task Collector_answering_unavailable_or_throttled_gets_everything_later_exactly_once(ReceiverProtocol protocol, OtlpReceiverMode fault)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.Mode = fault;

        // Patient budget: the run waits for the collector's answer (a fault), then spools; nothing hangs.
        var first = await ProbeProcess.RunAsync(ProbeProcess.OtlpEnvironment(receiver, protocol, _spool, PatientFlushMs), "faulted");
        Assert.Equal(0, first.ExitCode);
        Assert.Empty(receiver.Spans);
        Assert.True(receiver.Requests.Any(r => r.Outcome == ReceivedRequestOutcome.Faulted), receiver.Describe());
        Assert.NotEmpty(ReadySpoolFiles());

        receiver.Mode = OtlpReceiverMode.Normal;
        var second = await ProbeProcess.RunAsync(ProbeProcess.OtlpEnvironment(receiver, protocol, _spool, PatientFlushMs), "after");
        await AssertExactlyOnceAsync(receiver, [.. first.Spans, .. second.Spans]);
        Assert.Empty(ReadySpoolFiles());
    }

    [Fact]
    public async Task Collector_going_down_mid_run_and_coming_back_loses_nothing()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = ProbeProcess.OtlpEnvironment(receiver, ReceiverProtocol.Grpc, _spool, PatientFlushMs);
        environment["AURORA_SMOKE_HOLD"] = "1";

        var first = await ProbeProcess.RunAsync(environment, "midrun", async (process, output) =>
        {
            var line = await output.ReadLineAsync();
            Assert.StartsWith("hold ", line);
            var traceId = line!["hold ".Length..];

            // After ready the startup spans are exported live; then the collector goes away before the last phase ends.
            await receiver.WaitForSpansAsync(s => s.Count(x => x.TraceId == traceId) >= 5, OtlpReceiver.DefaultTimeout);
            await receiver.StopAsync();
            await process.StandardInput.WriteLineAsync();
            await process.StandardInput.FlushAsync();
        });
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(6, first.Spans.Count);
        Assert.DoesNotContain(receiver.Spans, s => s.Name == "startup.after_ready");
        Assert.NotEmpty(ReadySpoolFiles());

        await receiver.StartAsync();
        environment.Remove("AURORA_SMOKE_HOLD");
        var second = await ProbeProcess.RunAsync(environment, "after");
        await AssertExactlyOnceAsync(receiver, [.. first.Spans, .. second.Spans]);
        Assert.Empty(ReadySpoolFiles());
    }

    [Fact]
    public async Task Unwritable_spool_gives_one_clear_warning_and_a_clean_exit()
    {
        Directory.CreateDirectory(_spool);
        var blocker = Path.Combine(_spool, "not-a-directory");
        await File.WriteAllTextAsync(blocker, "x");
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = ProbeProcess.OtlpEnvironment(receiver, ReceiverProtocol.Grpc, Path.Combine(blocker, "spool"), ShortFlushMs);
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{OtlpReceiver.ReserveClosedPort()}";

        var run = await ProbeProcess.RunAsync(environment, "unwritable");

        Assert.Equal(0, run.ExitCode);
        var warnings = run.StandardError.Split('\n').Where(l => l.Contains("could not persist", StringComparison.Ordinal)).ToList();
        Assert.Single(warnings);
        Assert.Contains("AURORA_SPOOL_DIR", warnings[0]);
    }

    [Fact]
    public async Task Corrupt_spool_file_is_quarantined_and_the_run_still_exports()
    {
        Directory.CreateDirectory(_spool);
        var corrupt = Path.Combine(_spool, $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds():D13}-1-0001-deadbeef.otlp");
        await File.WriteAllBytesAsync(corrupt, "AURSPOOL but not really a spool file"u8.ToArray());
        await using var receiver = await OtlpReceiver.CreateAsync();

        var run = await ProbeProcess.RunAsync(ProbeProcess.OtlpEnvironment(receiver, ReceiverProtocol.HttpProtobuf, _spool, PatientFlushMs), "corrupt");

        Assert.Equal(0, run.ExitCode);
        await AssertExactlyOnceAsync(receiver, run.Spans);
        Assert.False(File.Exists(corrupt));
        Assert.Single(Directory.GetFiles(Path.Combine(_spool, "quarantine")));
        Assert.DoesNotContain(receiver.Requests, r => r.Outcome == ReceivedRequestOutcome.Rejected);
    }

    [Theory]
    [InlineData("OTEL_SDK_DISABLED", "true")]
    [InlineData("AURORA_TELEMETRY", "off")]
    public async Task Disabled_telemetry_sends_and_spools_nothing(string variable, string value)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = ProbeProcess.OtlpEnvironment(receiver, ReceiverProtocol.Grpc, _spool, PatientFlushMs);
        environment[variable] = value;

        var run = await ProbeProcess.RunAsync(environment, "disabled");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(receiver.Requests);
        Assert.False(Directory.Exists(_spool));
    }

    [Fact]
    public async Task Console_mode_prints_the_spans_and_a_summary_on_stderr()
    {
        var run = await ProbeProcess.RunAsync(new Dictionary<string, string> { ["AURORA_TELEMETRY"] = "console" }, "soar");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Activity.DisplayName:        aurora.startup", run.StandardOutput);
        Assert.Contains("aurora: soar ready (first_llm_call) in ", run.StandardError);
        Assert.Contains("  config ", run.StandardError);
    }

    private static async Task AssertExactlyOnceAsync(OtlpReceiver receiver, IReadOnlyList<RecordedSpan> recorded)
    {
        var expected = recorded.Select(s => s.SpanId).ToHashSet();
        await receiver.WaitForSpansAsync(s => expected.All(id => s.Any(x => x.SpanId == id)), OtlpReceiver.DefaultTimeout);
        var received = receiver.Spans.Where(s => expected.Contains(s.SpanId)).ToList();
        Assert.Equal(recorded.Count, received.Count); // none twice
        foreach (var span in recorded)
        {
            var arrived = Assert.Single(received, s => s.SpanId == span.SpanId);
            Assert.Equal(span.TraceId, arrived.TraceId);
            Assert.Equal(span.ParentSpanId, arrived.ParentSpanId);
            Assert.Equal(span.Name, arrived.Name);
        }
    }

    private List<string> ReadySpoolFiles()
        => Directory.Exists(_spool) ? [.. Directory.GetFiles(_spool, "*.otlp")] : [];
}

[CollectionDefinition(Name)]
public sealed class ChildProcessGroup
{
    public const string Name = "child processes";
}
