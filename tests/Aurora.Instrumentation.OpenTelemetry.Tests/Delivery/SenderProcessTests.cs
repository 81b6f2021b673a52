using Aurora.Instrumentation.OpenTelemetry.Delivery;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;
using Aurora.Instrumentation.OpenTelemetry.Tests.Support;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Delivery;

/// <summary>The detached sender's work, run in-process on a fake clock (the child-process tests run the real process).</summary>
public sealed class SenderProcessTests
{
    private static readonly TimeSpan s_lifetime = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_sender_never_sends_a_folder_its_environment_does_not_name()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        using var folder = new DeliveryFolder(receiver);
        folder.WriteTraces();
        folder.WriteMeasurements();
        var files = folder.SpoolFiles();
        var otherService = new Dictionary<string, string>(folder.Environment) { ["OTEL_SERVICE_NAME"] = "someone-else" };

        var pass = SenderProcess.Run(folder.Path, name => otherService.GetValueOrDefault(name), folder.Time, s_lifetime);

        Assert.Equal(DeliveryPass.Stopped, pass);
        Assert.Equal(files, folder.SpoolFiles());
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task A_sender_leaves_at_once_when_another_holds_the_folder()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        using var folder = new DeliveryFolder(receiver);
        folder.WriteTraces();
        using var other = SenderLock.TryAcquire(folder.Path);

        Assert.Equal(DeliveryPass.Done, SenderProcess.Run(folder.Path, folder.Env, folder.Time, s_lifetime));

        Assert.Single(folder.SpoolFiles());
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task A_sender_waits_out_a_short_backoff_and_delivers_everything()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Http(503).WithRetryAfter(TimeSpan.FromSeconds(5)));
        using var folder = new DeliveryFolder(receiver);
        var spans = folder.WriteTraces();
        folder.WriteMeasurements();

        var sending = Task.Run(() => SenderProcess.Run(folder.Path, folder.Env, folder.Time, s_lifetime));
        await receiver.WaitForRequestsAsync(r => r.Any(x => x.Outcome == ReceivedRequestOutcome.Faulted));

        // Its wait is on the clock it was given: move that clock until the wait is over.
        await Eventually.HoldsAsync(() =>
        {
            folder.Time.Advance(TimeSpan.FromSeconds(1));
            return sending.IsCompleted;
        }, "the sender's second pass");

        Assert.Equal(DeliveryPass.Done, await sending);
        Assert.Equal(spans.Order(StringComparer.Ordinal), receiver.Spans.Select(s => s.SpanId).Order(StringComparer.Ordinal));
        Assert.Single(receiver.Metrics, m => m.Name == "aurora.startup.duration");
        Assert.Empty(folder.SpoolFiles());
        Assert.Null(new DeliveryStatus(folder.Spool, folder.Time).BackoffUntil());
    }

    [Fact]
    public async Task A_backoff_longer_than_a_sender_waits_is_left_to_a_later_sender()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Http(429).WithRetryAfter(TimeSpan.FromSeconds(60)));
        using var folder = new DeliveryFolder(receiver);
        folder.WriteTraces();
        var files = folder.SpoolFiles();

        Assert.Equal(DeliveryPass.RetryLater, SenderProcess.Run(folder.Path, folder.Env, folder.Time, s_lifetime));

        Assert.Equal(files, folder.SpoolFiles());
        Assert.Single(receiver.Requests);
        Assert.Equal(folder.Time.GetUtcNow() + TimeSpan.FromSeconds(60), new DeliveryStatus(folder.Spool, folder.Time).BackoffUntil());
    }

    [Fact]
    public async Task A_sender_records_what_is_wrong_with_its_settings_for_the_next_run()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        using var folder = new DeliveryFolder(receiver, extra: new() { ["OTEL_EXPORTER_OTLP_COMPRESSION"] = "brotli" });
        folder.WriteTraces();

        Assert.Equal(DeliveryPass.Done, SenderProcess.Run(folder.Path, folder.Env, folder.Time, s_lifetime));

        var notice = Assert.Single(new DeliveryStatus(folder.Spool, folder.Time).TakeNotices());
        Assert.Equal("telemetry: OTEL_EXPORTER_OTLP_COMPRESSION 'brotli' is not 'gzip' or 'none'; using none", notice);
        Assert.Single(receiver.Spans, s => s.Name == "aurora.startup");
    }
}
