using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;
using Aurora.Instrumentation.OpenTelemetry.Tests.Support;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Export;

/// <summary>
/// The probe app as a real child process, its real detached sender (a grandchild), the in-test receiver: a run's spans
/// and metrics reach the collector exactly once however soon after ready the run exits, and the exit never waits for
/// the network unless its budget is patient.
/// </summary>
[Collection(ChildProcessGroup.Name)]
public sealed class ChildProcessExportTests : IAsyncLifetime
{
    private readonly ExportScenario _scenario = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _scenario.DisposeAsync().AsTask();

    [Theory]
    [InlineData(ReceiverProtocol.Grpc, 0)]
    [InlineData(ReceiverProtocol.HttpProtobuf, 0)]
    [InlineData(ReceiverProtocol.Grpc, 100)]
    [InlineData(ReceiverProtocol.HttpProtobuf, 100)]
    [InlineData(ReceiverProtocol.Grpc, 500)]
    [InlineData(ReceiverProtocol.HttpProtobuf, 500)]
    public async Task A_short_run_delivers_its_spans_and_metrics_once_however_soon_after_ready_it_exits(ReceiverProtocol protocol, int lingerMs)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var probe = 0;
        var whileRunning = 0;
        receiver.AnswerWith(_ =>
        {
            if (Volatile.Read(ref probe) is var pid and > 0 && DetachedSenders.IsRunning(pid))
            {
                Interlocked.Increment(ref whileRunning);
            }

            return null;
        });
        var environment = _scenario.Environment(receiver, protocol, lingerMs);

        var run = await _scenario.RunAsync(environment, "soar", started: pid => Volatile.Write(ref probe, pid));

        Assert.Equal(5, run.Spans.Count);
        Assert.Equal("", run.StandardError);
        await _scenario.AssertDeliveredOnceAsync(receiver, run);

        // One sender; at 100 ms the export thread's settle and the exit meet, where a second may start (see the
        // skipped A_run_whose_last_spans_end_just_before_its_exit_starts_one_sender_for_them).
        Assert.InRange(_scenario.SenderStarts, 1, lingerMs == 100 ? 2 : 1);
        if (lingerMs == 0)
        {
            // Ready and exit at once: everything is persisted at exit and sent by the detached sender afterwards.
            Assert.Equal(0, Volatile.Read(ref whileRunning));
        }

        var root = Assert.Single(receiver.Spans, s => s.Name == "aurora.startup");
        Assert.Null(root.ParentSpanId);
        Assert.Equal("soar", root.Attribute("aurora.command"));
        Assert.Equal(true, root.Attribute("aurora.startup.completed"));
        Assert.Equal(ExportScenario.Service, root.ResourceAttributes["service.name"]);
        Assert.Equal("Aurora.Startup", root.ScopeName);
        Assert.Equal(protocol, root.Protocol);
        foreach (var phase in new[] { "runtime", "config", "store_init", "agent_discovery" })
        {
            var span = Assert.Single(receiver.Spans, s => s.Name == "startup." + phase);
            Assert.Equal(root.SpanId, span.ParentSpanId);
            Assert.Equal(phase, span.Attribute("aurora.phase"));
            Assert.True(span.StartUnixNano >= root.StartUnixNano && span.EndUnixNano <= root.EndUnixNano, $"{span.Name} lies outside the root span");
        }

        var duration = Assert.Single(receiver.Metrics, m => m.Name == ExportScenario.DurationMetric);
        Assert.Equal(ReceivedMetricKind.Histogram, duration.Kind);
        Assert.Equal("s", duration.Unit);
        var point = Assert.Single(duration.DataPoints);
        Assert.Equal(1UL, point.Count);
        Assert.Equal(StartupMetrics.DurationBucketBoundaries, point.ExplicitBounds);
        Assert.Equal("soar", point.Attributes["aurora.command"]);
        Assert.Contains(receiver.Metrics, m => m.Name == "aurora.startup.phase.duration" && m.DataPoints.Any(p => Equals(p.Attributes["aurora.phase"], "config")));
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Five_short_runs_in_a_row_are_all_delivered_and_none_twice(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, protocol);

        // Each run exits at ready; a run that finds a sender still working leaves its files to it.
        var runs = new List<ProbeResult>();
        for (var i = 0; i < 5; i++)
        {
            runs.Add(await _scenario.RunAsync(environment, "soar"));
        }

        await _scenario.AssertDeliveredOnceAsync(receiver, [.. runs]);
        Assert.NotEqual(0, _scenario.SenderStarts);

        // One installation, one series: the cumulative count went 1, 2, … 5.
        Assert.Equal([1UL, 2UL, 3UL, 4UL, 5UL], ExportScenario.DurationPoints(receiver.Metrics).Select(p => p.Count).Order());
    }

    [Theory]
    [InlineData("AURORA_EXPORT_FLUSH_MS", "2000", null)]
    [InlineData("CI", "true", null)]
    [InlineData("AURORA_EXPORT_FLUSH_MS", "2000", "0")]
    public async Task A_patient_budget_delivers_before_the_exit_and_starts_no_sender(string variable, string value, string? timeout)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, ReceiverProtocol.HttpProtobuf);
        environment.Remove("AURORA_EXPORT_AFTER_EXIT");
        environment[variable] = value;
        if (timeout is not null)
        {
            environment["OTEL_EXPORTER_OTLP_TIMEOUT"] = timeout; // no limit: the flush budget still bounds the exit
        }

        var run = await _scenario.RunAsync(environment, "patient");

        // No waiting: the process has exited, so what it delivered is here already.
        Assert.Equal(0, _scenario.SenderStarts);
        var spans = receiver.Spans;
        Assert.All(run.Spans, recorded => Assert.Single(spans, s => s.SpanId == recorded.SpanId));
        Assert.Single(ExportScenario.DurationPoints(receiver.Metrics));
        ExportScenario.AssertDrained(_scenario.FolderOf(environment));
        Assert.Equal("", run.StandardError);
    }

    [Fact]
    public async Task A_run_whose_last_spans_end_just_before_its_exit_starts_one_sender_for_them()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, ReceiverProtocol.HttpProtobuf);

        // The startup spans go out shortly after ready, with a sender; then one more phase ends and the app exits at
        // once: the export thread and the exit both see its files, and at most one more sender may start for them.
        var before = 0;
        var run = await _scenario.RunHoldingAsync(environment, "after", async _ =>
        {
            await receiver.WaitForSpansAsync(5);
            await receiver.WaitForMetricAsync(ExportScenario.DurationMetric);
            before = _scenario.SenderStarts;
        });

        await ExportScenario.WaitForSpansAsync(receiver, run);
        await _scenario.WaitForSendersAsync();
        ExportScenario.AssertSpansOnce(receiver, run);
        Assert.InRange(_scenario.SenderStarts - before, 0, 1);
    }

    [Fact]
    public async Task At_the_default_idle_class_the_sender_still_delivers_eventually()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, ReceiverProtocol.Grpc);
        environment.Remove("AURORA_EXPORT_AFTER_EXIT");

        // The first request is held, so the sender is caught at work: every thread of it runs at SCHED_IDLE.
        receiver.AnswerNext(ReceiverAnswer.Hang);
        var run = await _scenario.RunAsync(environment, "idle");
        await receiver.WaitForRequestsAsync(r => r.Any(x => x.Outcome == ReceivedRequestOutcome.Hung), IdleBound);
        var sender = Assert.Single(_scenario.RunningSenders());
        Assert.All(DetachedSenders.ThreadPolicies(sender), policy => Assert.Equal(5, policy));
        receiver.ReleaseHeld();

        // Only eventual delivery: at the idle class the sender gets CPU time only when nothing else wants it.
        await receiver.WaitForSpansAsync(s => run.Spans.All(r => s.Any(x => x.SpanId == r.SpanId)), IdleBound);
        await receiver.WaitForMetricsAsync(m => ExportScenario.DurationPoints(m).Count >= 1, IdleBound);
        await DetachedSenders.WaitForExitAsync([sender], IdleBound);
        ExportScenario.AssertSpansOnce(receiver, run);
        ExportScenario.AssertMetricsOnce(receiver, run);
    }

    [Theory]
    [InlineData("OTEL_SDK_DISABLED", "true")]
    [InlineData("AURORA_TELEMETRY", "off")]
    public async Task Disabled_telemetry_sends_and_spools_nothing(string variable, string value)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, ReceiverProtocol.Grpc);
        environment[variable] = value;

        await _scenario.RunAsync(environment, "disabled");

        Assert.Equal(0, _scenario.SenderStarts);
        Assert.Empty(receiver.Requests);
        Assert.False(Directory.Exists(_scenario.Root));
    }

    [Fact]
    public async Task An_unwritable_spool_gives_one_clear_warning_and_a_clean_exit()
    {
        Directory.CreateDirectory(_scenario.Root);
        var blocker = Path.Combine(_scenario.Root, "not-a-directory");
        await File.WriteAllTextAsync(blocker, "x");
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, ReceiverProtocol.Grpc);
        environment["AURORA_SPOOL_DIR"] = Path.Combine(blocker, "spool");

        var run = await _scenario.RunAsync(environment, "unwritable");

        var warning = Assert.Single(run.ErrorLines("could not persist"));
        Assert.Contains("AURORA_SPOOL_DIR", warning);
        Assert.Equal(0, _scenario.SenderStarts);
    }

    [Fact]
    public async Task A_corrupt_spool_file_is_quarantined_and_the_run_is_still_delivered()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, ReceiverProtocol.HttpProtobuf);
        var folder = _scenario.FolderOf(environment);
        Directory.CreateDirectory(folder);
        var corrupt = Path.Combine(folder, $"{DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds():D13}-1-0001-deadbeef.traces.spool");
        await File.WriteAllBytesAsync(corrupt, "AURSPOOL but not really a spool file"u8.ToArray());

        var run = await _scenario.RunAsync(environment, "corrupt");

        await ExportScenario.WaitForSpansAsync(receiver, run);
        await receiver.WaitForMetricAsync(ExportScenario.DurationMetric);
        await _scenario.WaitForSendersAsync();
        ExportScenario.AssertSpansOnce(receiver, run);
        ExportScenario.AssertMetricsOnce(receiver, run);
        Assert.False(File.Exists(corrupt));
        Assert.Single(Directory.GetFiles(Path.Combine(folder, "quarantine")));
        Assert.DoesNotContain(receiver.Requests, r => r.Outcome == ReceivedRequestOutcome.Rejected);
    }

    [Fact]
    public async Task Console_mode_prints_the_spans_and_a_summary_on_stderr()
    {
        var run = await _scenario.RunAsync(new Dictionary<string, string> { ["AURORA_TELEMETRY"] = "console" }, "soar");

        Assert.Contains("Activity.DisplayName:        aurora.startup", run.StandardOutput);
        Assert.Contains("aurora: soar ready (first_llm_call) in ", run.StandardError);
        Assert.Contains("  config ", run.StandardError);
    }

    /// <summary>How long a sender at the idle class may take to get CPU time on a busy machine (a hang guard).</summary>
    private static readonly TimeSpan IdleBound = TimeSpan.FromMinutes(2);
}

[CollectionDefinition(Name)]
public sealed class ChildProcessGroup
{
    public const string Name = "child processes";
}
