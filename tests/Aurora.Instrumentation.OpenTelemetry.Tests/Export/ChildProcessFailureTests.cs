using System.Collections.Concurrent;
using Aurora.Instrumentation.OpenTelemetry.Delivery;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Export;

/// <summary>
/// A collector that refuses, throttles, hangs or goes away, with real probe runs and their detached senders: what the
/// OTLP specification calls permanent is rejected once and told once; what is retryable waits and is delivered once;
/// nothing is lost and the exit is never held.
/// </summary>
[Collection(ChildProcessGroup.Name)]
public sealed class ChildProcessFailureTests : IAsyncLifetime
{
    private const string Secret = "s3cret-t0ken-value";

    private readonly ExportScenario _scenario = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _scenario.DisposeAsync().AsTask();

    [Theory]
    [InlineData(ReceiverProtocol.HttpProtobuf, 401, "HTTP 401", "check the credentials in OTEL_EXPORTER_OTLP_HEADERS")]
    [InlineData(ReceiverProtocol.Grpc, 401, "gRPC UNAUTHENTICATED (16)", "check the credentials in OTEL_EXPORTER_OTLP_HEADERS")]
    [InlineData(ReceiverProtocol.HttpProtobuf, 403, "HTTP 403", "check the credentials in OTEL_EXPORTER_OTLP_HEADERS")]
    [InlineData(ReceiverProtocol.Grpc, 403, "gRPC PERMISSION_DENIED (7)", "check the credentials in OTEL_EXPORTER_OTLP_HEADERS")]
    [InlineData(ReceiverProtocol.HttpProtobuf, 400, "HTTP 400", null)]
    [InlineData(ReceiverProtocol.Grpc, 400, "gRPC INVALID_ARGUMENT (3)", null)]
    [InlineData(ReceiverProtocol.HttpProtobuf, 413, "HTTP 413", "the request was larger than the collector accepts")]
    public async Task A_permanent_refusal_is_rejected_never_resent_and_told_once_on_the_next_run(ReceiverProtocol protocol, int status, string statusText, string? hint)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var sent = new ConcurrentBag<string>();
        receiver.AnswerWith(request =>
        {
            foreach (var span in request.Spans)
            {
                sent.Add(span.SpanId);
            }

            return ReceiverAnswer.Http(status, "refused by the test collector");
        });
        var environment = _scenario.Environment(receiver, protocol);
        environment["OTEL_EXPORTER_OTLP_HEADERS"] = "api-key=" + Secret;
        var folder = _scenario.FolderOf(environment);

        var first = await _scenario.RunAsync(environment, "refused");
        await receiver.WaitForRequestsAsync(r => r.Count(x => x.Outcome == ReceivedRequestOutcome.Faulted) >= 2, OtlpReceiver.DefaultTimeout, "the traces and the metrics refused");
        await _scenario.WaitForSendersAsync();
        Assert.Empty(ExportScenario.SpoolFiles(folder));
        Assert.Equal(2, ExportScenario.RejectedFiles(folder).Count); // the run's traces and its metrics

        // The next run tells what the sender could not: once, naming the endpoint, the status and what to check.
        var second = await _scenario.RunAsync(environment, "refused");
        var notice = Assert.Single(second.ErrorLines("telemetry:"));
        Assert.Contains(receiver.EndpointFor(protocol).GetLeftPart(UriPartial.Authority), notice);
        Assert.Contains(statusText, notice);
        Assert.Contains(SpoolDirectoryRejected(folder), notice);
        if (hint is not null)
        {
            Assert.Contains(hint, notice);
        }

        await receiver.WaitForRequestsAsync(r => r.Count(x => x.Outcome == ReceivedRequestOutcome.Faulted) >= 4, OtlpReceiver.DefaultTimeout, "the second run's files refused");
        await _scenario.WaitForSendersAsync();

        // The same problem is not told again today.
        var third = await _scenario.RunAsync(environment, "refused");
        await _scenario.WaitForSendersAsync();
        Assert.Equal("", third.StandardError);

        // Rejected files are never sent again: every span went out once, with the run that recorded it.
        var folderNow = string.Join(", ", Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName));
        Assert.True(
            new[] { first, second, third }.SelectMany(r => r.Spans).All(span => sent.Count(id => id == span.SpanId) == 1),
            $"senders started {_scenario.SenderStarts}; {receiver.Describe()}; folder: {folderNow}; third: {third.StandardError}");
        Assert.Equal(6, ExportScenario.RejectedFiles(folder).Count);
        Assert.Empty(receiver.Spans);
        Assert.DoesNotContain(Secret, first.StandardError + second.StandardError + third.StandardError, StringComparison.Ordinal);
        Assert.All(receiver.Requests, r => Assert.Equal(Secret, r.Header("api-key")));
    }

    [Fact]
    public async Task A_file_only_the_collector_refuses_is_rejected_and_the_newer_files_are_delivered()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var poison = receiver.AnswerAlways(ReceiverAnswer.Http(400, "a span this collector will not take"), r => r.HasSpan("startup.poison"));
        var environment = _scenario.Environment(receiver, ReceiverProtocol.HttpProtobuf);
        var folder = _scenario.FolderOf(environment);

        // Two runs that leave their files in the spool (no sender), the first with a span the collector refuses.
        var spooling = new Dictionary<string, string>(environment) { ["AURORA_EXPORT_AFTER_EXIT"] = "off" };
        var poisoned = await _scenario.RunAsync(new Dictionary<string, string>(spooling) { ["AURORA_SMOKE_EXTRA_PHASE"] = "poison" }, "poisoned");
        var waiting = await _scenario.RunAsync(spooling, "waiting");
        Assert.Empty(_scenario.RunningSenders());
        Assert.Equal(4, ExportScenario.SpoolFiles(folder).Count);
        Assert.Empty(receiver.Requests);

        var last = await _scenario.RunAsync(environment, "last");

        await ExportScenario.WaitForSpansAsync(receiver, waiting, last);
        await receiver.WaitForMetricsAsync(m => ExportScenario.DurationPoints(m).Count >= 3, OtlpReceiver.DefaultTimeout, "the three runs' metrics");
        await _scenario.WaitForSendersAsync();
        Assert.Equal(1, poison.Used);
        ExportScenario.AssertSpansOnce(receiver, waiting, last);
        Assert.DoesNotContain(receiver.Spans, s => poisoned.Spans.Any(p => p.SpanId == s.SpanId));
        Assert.Equal(3, ExportScenario.DurationPoints(receiver.Metrics).Count); // the refused run's metrics are not its spans
        Assert.Empty(ExportScenario.SpoolFiles(folder));
        var rejected = Assert.Single(ExportScenario.RejectedFiles(folder));
        Assert.EndsWith(".traces.spool", rejected, StringComparison.Ordinal);
    }

    public static TheoryData<ReceiverProtocol, string> RetryableAnswers => new()
    {
        { ReceiverProtocol.HttpProtobuf, "503" },
        { ReceiverProtocol.HttpProtobuf, "429" },
        { ReceiverProtocol.Grpc, "UNAVAILABLE" },
        { ReceiverProtocol.Grpc, "RESOURCE_EXHAUSTED" },
    };

    [Theory]
    [MemberData(nameof(RetryableAnswers))]
    public async Task A_retryable_answer_is_waited_out_and_the_same_sender_delivers_once(ReceiverProtocol protocol, string answer)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var wait = TimeSpan.FromSeconds(1);
        receiver.AnswerNext(answer switch
        {
            "503" => ReceiverAnswer.Http(503).WithRetryAfter(wait),
            "429" => ReceiverAnswer.Http(429).WithRetryAfter(wait),
            "UNAVAILABLE" => ReceiverAnswer.Grpc(GrpcStatusCodes.Unavailable).WithRetryInfo(wait),
            _ => ReceiverAnswer.Grpc(GrpcStatusCodes.ResourceExhausted).WithRetryInfo(wait),
        });
        var environment = _scenario.Environment(receiver, protocol);

        var run = await _scenario.RunAsync(environment, "throttled");

        // One run, one sender: it waited as asked, sent again and was confirmed.
        await _scenario.AssertDeliveredOnceAsync(receiver, run);
        Assert.Equal(1, _scenario.SenderStarts);
        Assert.Equal(ReceivedRequestOutcome.Faulted, receiver.Requests[0].Outcome);
        Assert.Equal(1, receiver.Requests.Count(r => r.Outcome == ReceivedRequestOutcome.Faulted));
        Assert.False(File.Exists(Path.Combine(_scenario.FolderOf(environment), DeliveryStatus.BackoffFile)));

        // Nothing waits any more, so the next run has nothing to tell.
        var next = await _scenario.RunAsync(environment, "after");
        Assert.Equal("", next.StandardError);
        await _scenario.AssertDeliveredOnceAsync(receiver, run, next);
    }

    [Fact]
    public async Task A_hung_collector_holds_no_exit_loses_nothing_and_gets_everything_once_when_it_answers_again()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.Mode = OtlpReceiverMode.Hang;
        var environment = _scenario.Environment(receiver, ReceiverProtocol.Grpc);
        environment["OTEL_EXPORTER_OTLP_TIMEOUT"] = "2000";

        // A patient run sends itself, waits out its budget on the hung request, and leaves the files to a sender.
        var patient = await _scenario.RunAsync(new Dictionary<string, string>(environment) { ["AURORA_EXPORT_FLUSH_MS"] = "500" }, "patient");
        Assert.Single(_scenario.RunningSenders());

        // An interactive run while that sender is stuck too: it leaves its files to the sender holding the folder.
        var interactive = await _scenario.RunAsync(environment, "interactive");
        await receiver.WaitForRequestsAsync(r => r.Count(x => x.Outcome == ReceivedRequestOutcome.Hung) >= 2, OtlpReceiver.DefaultTimeout, "the run's and its sender's requests held");
        Assert.Empty(receiver.Spans);

        // The collector answers again: whichever sender holds the folder then delivers everything, once.
        receiver.Mode = OtlpReceiverMode.Normal;
        var later = await _scenario.RunAsync(environment, "later");
        await _scenario.AssertDeliveredOnceAsync(receiver, patient, interactive, later);
        Assert.InRange(_scenario.SenderStarts, 1, 2);
    }

    [Fact]
    public async Task A_collector_that_goes_away_after_ready_and_comes_back_loses_nothing()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, ReceiverProtocol.Grpc);

        // Shortly after ready the startup spans and metrics go to the spool and a sender delivers them; then the
        // collector goes away before the last phase ends.
        var first = await _scenario.RunHoldingAsync(environment, "midrun", async traceId =>
        {
            await receiver.WaitForSpansAsync(s => s.Count(x => x.TraceId == traceId) >= 5, OtlpReceiver.DefaultTimeout);
            await receiver.WaitForMetricAsync(ExportScenario.DurationMetric);
            await receiver.StopAsync();
        });
        Assert.Equal(6, first.Spans.Count);
        Assert.DoesNotContain(receiver.Spans, s => s.Name == "startup.after_ready");
        Assert.NotEmpty(_scenario.RunningSenders()); // refused, it waits and tries again

        await receiver.StartAsync();
        await ExportScenario.WaitForSpansAsync(receiver, first);
        await _scenario.WaitForSendersAsync();
        ExportScenario.AssertSpansOnce(receiver, first);
        Assert.Single(ExportScenario.DurationPoints(receiver.Metrics));
        Assert.Contains(receiver.Metrics, m => m.Name == "aurora.startup.phase.duration" && m.DataPoints.Any(p => Equals(p.Attributes["aurora.phase"], "after_ready")));
        ExportScenario.AssertDrained(_scenario.FolderOf(environment));
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task A_lost_confirmation_means_a_resend_and_cumulative_metrics_repeat_the_same_points(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.AcceptThenReset, r => r.Signal == ReceiverSignal.Traces);
        receiver.AnswerNext(ReceiverAnswer.AcceptThenReset, r => r.Signal == ReceiverSignal.Metrics);
        var environment = _scenario.Environment(receiver, protocol);

        var run = await _scenario.RunAsync(environment, "lost");

        // At least once: the collector kept the data, the sender never heard so, and sent it again.
        await receiver.WaitForSpansAsync(s => s.Count(x => x.SpanId == run.Root.SpanId) >= 2, OtlpReceiver.DefaultTimeout, "the run's spans twice");
        await receiver.WaitForMetricsAsync(m => ExportScenario.DurationPoints(m).Count >= 2, OtlpReceiver.DefaultTimeout, "the run's metrics twice");
        await _scenario.WaitForSendersAsync();
        Assert.All(run.Spans, recorded => Assert.Equal(2, receiver.Spans.Count(s => s.SpanId == recorded.SpanId)));

        // The resend repeats the same cumulative samples (same times, same values): the series is unchanged.
        var metrics = receiver.Metrics.GroupBy(m => m.Name).ToList();
        Assert.NotEmpty(metrics);
        foreach (var twice in metrics)
        {
            var sent = twice.ToList();
            Assert.Equal(2, sent.Count);
            Assert.Equal(ReceivedTemporality.Cumulative, sent[0].Temporality);
            Assert.Equal(Describe(sent[0]), Describe(sent[1]));
        }

        Assert.Single(receiver.Metrics.Select(m => m.ResourceAttributes["service.instance.id"]).Distinct());
        ExportScenario.AssertDrained(_scenario.FolderOf(environment));
    }

    private static string SpoolDirectoryRejected(string folder) => Path.Combine(folder, OpenTelemetry.Spool.SpoolDirectory.RejectedFolder);

    private static string Describe(ReceivedMetric metric)
        => string.Join("; ", metric.DataPoints.Select(p =>
            $"{string.Join(",", p.Attributes.OrderBy(a => a.Key).Select(a => a.Key + "=" + a.Value))} {p.StartUnixNano}..{p.TimeUnixNano} n={p.Count} sum={p.Sum} int={p.IntValue} [{string.Join(",", p.BucketCounts)}] {p.Min}..{p.Max}"));
}
