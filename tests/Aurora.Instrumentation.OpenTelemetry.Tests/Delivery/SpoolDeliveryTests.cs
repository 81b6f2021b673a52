using Aurora.Instrumentation.OpenTelemetry.Delivery;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Delivery;

/// <summary>
/// One delivery pass over a destination's folder, in-process against the receiver: confirmed files go, refused files
/// go aside and the pass goes on, retryable failures put the files back and set the backoff, and the cumulative metrics
/// advance only on confirmation.
/// </summary>
public sealed class SpoolDeliveryTests
{
    private static readonly DateTimeOffset s_noDeadline = DateTimeOffset.MaxValue;

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Confirmed_files_are_deleted_oldest_first_and_a_partial_success_is_told(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        using var folder = new DeliveryFolder(receiver, protocol);
        var older = folder.WriteTraces();
        var newer = folder.WriteTraces();
        folder.WriteMeasurements();
        receiver.AnswerNext(ReceiverAnswer.PartialSuccess(1, "one span was too old"), r => r.Signal == ReceiverSignal.Traces);
        var told = new List<string>();
        using var delivery = folder.Delivery(told.Add);

        Assert.Equal(DeliveryPass.Done, delivery.DeliverOnce(s_noDeadline, CancellationToken.None));

        Assert.Empty(folder.SpoolFiles());
        Assert.Equal(older.Concat(newer).Order(StringComparer.Ordinal), receiver.Spans.Select(s => s.SpanId).Order(StringComparer.Ordinal));
        Assert.Equal(older.Order(StringComparer.Ordinal), receiver.Spans.Take(2).Select(s => s.SpanId).Order(StringComparer.Ordinal)); // the older file first
        Assert.Single(receiver.Metrics, m => m.Name == "aurora.startup.duration");
        var message = Assert.Single(told);
        Assert.Contains("accepted the startup traces but dropped 1 span(s) ('one span was too old')", message);
        Assert.Contains(receiver.EndpointFor(protocol).GetLeftPart(UriPartial.Authority), message);
    }

    [Fact]
    public async Task A_file_refused_for_good_goes_to_rejected_and_the_pass_goes_on_with_the_newer_ones()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerAlways(ReceiverAnswer.Http(400, "poison"), r => r.HasSpan("poison"));
        using var folder = new DeliveryFolder(receiver);
        var before = folder.WriteTraces();
        folder.WriteTraces(rootName: "poison");
        var after = folder.WriteTraces();
        var told = new List<string>();
        using var delivery = folder.Delivery(told.Add);

        Assert.Equal(DeliveryPass.Done, delivery.DeliverOnce(s_noDeadline, CancellationToken.None));

        Assert.Empty(folder.SpoolFiles());
        Assert.Single(folder.Rejected());
        Assert.Equal(before.Concat(after).Order(StringComparer.Ordinal), receiver.Spans.Select(s => s.SpanId).Order(StringComparer.Ordinal));
        Assert.Equal(3, receiver.Requests.Count);
        var refused = Assert.Single(told);
        Assert.Contains("refused 1 startup traces file(s) for good: HTTP 400", refused);
        Assert.Contains("'poison'", refused);
        Assert.Contains(Path.Combine(folder.Path, "rejected"), refused);

        // The same refusal again is not told again (in-process: printed once, remembered for a day).
        folder.WriteTraces(rootName: "poison");
        Assert.Equal(DeliveryPass.Done, delivery.DeliverOnce(s_noDeadline, CancellationToken.None));
        Assert.Equal(2, folder.Rejected().Count);
        Assert.Single(told);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task A_retryable_failure_gives_the_files_back_records_the_backoff_and_ends_the_pass(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Http(503).WithRetryAfter(TimeSpan.FromSeconds(30)));
        using var folder = new DeliveryFolder(receiver, protocol);
        folder.WriteTraces();
        folder.WriteTraces();
        folder.WriteMeasurements();
        var files = folder.SpoolFiles();
        using var delivery = folder.Delivery(tellNow: null);

        Assert.Equal(DeliveryPass.RetryLater, delivery.DeliverOnce(s_noDeadline, CancellationToken.None));

        Assert.Equal(files, folder.SpoolFiles()); // all back under their own names, none claimed
        Assert.Single(receiver.Requests);
        Assert.Equal(folder.Time.GetUtcNow() + TimeSpan.FromSeconds(30), delivery.Status.BackoffUntil());
        var notice = Assert.Single(delivery.Status.TakeNotices());
        Assert.Contains("could not deliver the startup traces to " + receiver.EndpointFor(protocol).GetLeftPart(UriPartial.Authority), notice);
        Assert.Contains(folder.Path, notice);
    }

    [Fact]
    public async Task A_confirmation_withdraws_the_notice_that_the_files_wait_but_not_a_refusal()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Http(503));
        receiver.AnswerAlways(ReceiverAnswer.Http(403), r => r.HasSpan("poison"));
        using var folder = new DeliveryFolder(receiver);
        folder.WriteTraces();
        using var delivery = folder.Delivery(tellNow: null);
        Assert.Equal(DeliveryPass.RetryLater, delivery.DeliverOnce(s_noDeadline, CancellationToken.None));
        Assert.True(delivery.Status.HasNotice());

        folder.WriteTraces(rootName: "poison");
        Assert.Equal(DeliveryPass.Done, delivery.DeliverOnce(s_noDeadline, CancellationToken.None));

        var notice = Assert.Single(delivery.Status.TakeNotices());
        Assert.Contains("refused 1 startup traces file(s) for good: HTTP 403", notice);
        Assert.Contains("check the credentials in OTEL_EXPORTER_OTLP_HEADERS", notice);
    }

    [Fact]
    public async Task Metrics_sent_to_their_own_collector_are_not_held_back_by_an_unreachable_traces_collector()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        using var folder = new DeliveryFolder(receiver, ReceiverProtocol.Grpc, new()
        {
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = $"http://127.0.0.1:{OtlpReceiver.ReserveClosedPort()}",
            ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = receiver.GrpcEndpoint.ToString(),
        });
        folder.WriteTraces();
        folder.WriteMeasurements();
        using var delivery = folder.Delivery(tellNow: null);

        Assert.Equal(DeliveryPass.RetryLater, delivery.DeliverOnce(s_noDeadline, CancellationToken.None));

        Assert.Single(receiver.Metrics, m => m.Name == "aurora.startup.duration");
        Assert.EndsWith(".traces.spool", Assert.Single(folder.SpoolFiles()), StringComparison.Ordinal);

        // The traces' collector still gets its backoff: a confirmation elsewhere does not clear it, and it doubles.
        Assert.Equal(folder.Time.GetUtcNow() + TimeSpan.FromSeconds(1), delivery.Status.BackoffUntil());
        folder.WriteMeasurements();
        folder.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(DeliveryPass.RetryLater, delivery.DeliverOnce(s_noDeadline, CancellationToken.None));
        Assert.Equal(2, receiver.Metrics.Count(m => m.Name == "aurora.startup.duration"));
        Assert.Equal(folder.Time.GetUtcNow() + TimeSpan.FromSeconds(2), delivery.Status.BackoffUntil());
    }

    [Fact]
    public async Task The_cumulative_metrics_advance_only_when_the_collector_confirms()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        using var folder = new DeliveryFolder(receiver);
        folder.WriteMeasurements(seconds: 0.5);
        using var delivery = folder.Delivery(tellNow: null);

        receiver.AnswerNext(ReceiverAnswer.Http(503));
        Assert.Equal(DeliveryPass.RetryLater, delivery.DeliverOnce(s_noDeadline, CancellationToken.None));
        var unconfirmed = folder.State();
        Assert.NotNull(unconfirmed); // the installation's id and start, kept before the first send
        Assert.Empty(unconfirmed.Series);

        Assert.Equal(DeliveryPass.Done, delivery.DeliverOnce(s_noDeadline, CancellationToken.None));
        var confirmed = folder.State()!;
        Assert.Equal(unconfirmed.InstanceId, confirmed.InstanceId);
        Assert.Equal(unconfirmed.StartUnixNano, confirmed.StartUnixNano);
        Assert.Equal(1UL, Assert.Single(confirmed.Series).Count);

        folder.WriteMeasurements(seconds: 0.75);
        Assert.Equal(DeliveryPass.Done, delivery.DeliverOnce(s_noDeadline, CancellationToken.None));
        var series = Assert.Single(folder.State()!.Series);
        Assert.Equal(2UL, series.Count);
        Assert.Equal(1.25, series.Sum, 9);
        var points = receiver.Metrics.Where(m => m.Name == "aurora.startup.duration").Select(m => Assert.Single(m.DataPoints)).ToList();
        Assert.Equal([1UL, 2UL], points.Select(p => p.Count));
        Assert.All(receiver.Metrics, m => Assert.Equal(confirmed.InstanceId, m.ResourceAttributes["service.instance.id"]));
    }

    [Fact]
    public async Task A_metrics_batch_refused_for_good_is_sent_again_run_by_run_so_only_the_bad_run_is_rejected()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerAlways(ReceiverAnswer.Http(400, "no such command"), r => r.Metrics.Any(m => m.DataPoints.Any(p => Equals(p.Attributes.GetValueOrDefault("aurora.command"), "poison"))));
        using var folder = new DeliveryFolder(receiver);
        folder.WriteMeasurements("soar");
        var poison = folder.WriteMeasurements("poison");
        folder.WriteMeasurements("goals");
        var told = new List<string>();
        using var delivery = folder.Delivery(told.Add);

        Assert.Equal(DeliveryPass.Done, delivery.DeliverOnce(s_noDeadline, CancellationToken.None));

        Assert.Empty(folder.SpoolFiles());
        Assert.Equal(Path.GetFileName(poison), Path.GetFileName(Assert.Single(folder.Rejected())));
        var commands = receiver.Metrics.SelectMany(m => m.DataPoints).Select(p => p.Attributes["aurora.command"]).ToList();
        Assert.Equal(["goals", "soar"], commands.Cast<string>().Order());
        Assert.Contains("refused 1 startup metrics file(s) for good: HTTP 400", Assert.Single(told));
    }

    [Fact]
    public async Task Abandoning_a_pass_gives_back_the_file_being_sent()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Hang);
        using var folder = new DeliveryFolder(receiver, ReceiverProtocol.Grpc);
        folder.WriteTraces();
        var files = folder.SpoolFiles();
        using var delivery = folder.Delivery(tellNow: null);
        using var exit = new CancellationTokenSource();

        var pass = Task.Run(() => delivery.DeliverOnce(s_noDeadline, exit.Token));
        await receiver.WaitForRequestsAsync(r => r.Any(x => x.Outcome == ReceivedRequestOutcome.Hung));
        Assert.Contains(".claimed-", Assert.Single(folder.SpoolFiles()), StringComparison.Ordinal);

        // What the exit does: cancel, then give back what is claimed (a later sender takes it).
        await exit.CancelAsync();
        delivery.Abandon();
        await pass.WaitAsync(OtlpReceiver.DefaultTimeout);

        Assert.Equal(files, folder.SpoolFiles());
        Assert.Empty(receiver.Spans);
    }

    [Fact]
    public async Task A_file_that_cannot_be_claimed_is_left_alone_and_the_pass_ends()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        using var folder = new DeliveryFolder(receiver);
        folder.WriteTraces();
        var stuck = folder.WriteMeasurements();
        var spans = folder.WriteTraces();
        var next = folder.WriteMeasurements("goals");

        // Something in the way of the claim's rename (as a read-only or foreign-owned file would be for a user).
        Directory.CreateDirectory(Path.Combine(stuck + ".claimed-" + Environment.ProcessId, "in-the-way"));
        using var delivery = folder.Delivery(tellNow: null);
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var pass = await Task.Run(() => delivery.DeliverOnce(s_noDeadline, hangGuard.Token));

        Assert.Equal(DeliveryPass.Done, pass);
        Assert.Equal(4, receiver.Spans.Count);
        Assert.Equal("goals", Assert.Single(receiver.Metrics.SelectMany(m => m.DataPoints)).Attributes["aurora.command"]);
        Assert.Equal([stuck], folder.SpoolFiles());
        Assert.False(File.Exists(next));
        Assert.Contains(receiver.Spans, s => s.SpanId == spans[0]);
    }

    [Fact]
    public async Task A_pass_past_its_deadline_sends_nothing_and_keeps_everything()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        using var folder = new DeliveryFolder(receiver);
        folder.WriteTraces();
        folder.WriteMeasurements();
        var files = folder.SpoolFiles();
        using var delivery = folder.Delivery(tellNow: null);

        Assert.Equal(DeliveryPass.Stopped, delivery.DeliverOnce(folder.Time.GetUtcNow(), CancellationToken.None));

        Assert.Equal(files, folder.SpoolFiles());
        Assert.Empty(receiver.Requests);
    }
}
