using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;
using Aurora.Instrumentation.OpenTelemetry.Tests.Support;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Export;

/// <summary>
/// The detached sender as a process: it outlives the run, shares nothing with the run's terminal or pipes, inherits no
/// diagnostics port that would suspend it, and however many senders race for one destination each file goes out once.
/// </summary>
[Collection(ChildProcessGroup.Name)]
public sealed class DetachedSenderTests : IAsyncLifetime
{
    private readonly ExportScenario _scenario = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _scenario.DisposeAsync().AsTask();

    [Fact]
    public async Task The_sender_outlives_the_run_in_its_own_session_with_none_of_its_terminal_or_pipes()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerNext(ReceiverAnswer.Hang);
        var environment = _scenario.Environment(receiver, ReceiverProtocol.HttpProtobuf);

        // The probe's stdout and stderr were read to their end: no other process held them open.
        var run = await _scenario.RunAsync(environment, "detached");

        var sender = Assert.Single(_scenario.RunningSenders());
        Assert.NotEqual(run.ProcessId, sender);
        Assert.Equal(sender, DetachedSenders.Session(sender)); // a session of its own: no terminal, no Ctrl-C of the user's
        foreach (var fd in new[] { 0, 1, 2 })
        {
            Assert.Equal("/dev/null", DetachedSenders.Descriptor(sender, fd));
        }

        await receiver.WaitForRequestsAsync(r => r.Any(x => x.Outcome == ReceivedRequestOutcome.Hung));
        Assert.Equal([0], DetachedSenders.ThreadPolicies(sender).Distinct()); // AURORA_EXPORT_AFTER_EXIT=normal
        receiver.ReleaseHeld();
        await _scenario.AssertDeliveredOnceAsync(receiver, run);
    }

    [Fact]
    public async Task A_run_started_by_a_diagnostics_tool_starts_a_sender_that_is_not_suspended_by_it()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        await using var port = new DiagnosticPortListener();
        var environment = _scenario.Environment(receiver, ReceiverProtocol.Grpc);
        foreach (var (name, value) in port.Variables())
        {
            environment[name] = value;
        }

        // The probe waits at startup until the listener resumes it; a sender that inherited the variables would wait
        // forever (nothing resumes it) and deliver nothing.
        var run = await _scenario.RunAsync(environment, "traced");

        await _scenario.AssertDeliveredOnceAsync(receiver, run);
        Assert.Equal([run.ProcessId], port.Advertised.Distinct());
    }

    [Fact]
    public async Task Two_runs_exiting_at_once_send_each_file_exactly_once()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, ReceiverProtocol.HttpProtobuf);

        var runs = await Task.WhenAll(_scenario.RunAsync(environment, "left"), _scenario.RunAsync(environment, "right"));

        await _scenario.AssertDeliveredOnceAsync(receiver, runs);
    }

    [Fact]
    public async Task Senders_started_by_hand_at_once_send_each_file_exactly_once()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, ReceiverProtocol.Grpc);
        var folder = _scenario.FolderOf(environment);
        var spooling = new Dictionary<string, string>(environment) { ["AURORA_EXPORT_AFTER_EXIT"] = "off" };
        var runs = new List<ProbeResult>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await _scenario.RunAsync(spooling, "spooled"));
        }

        Assert.Equal(6, ExportScenario.SpoolFiles(folder).Count);
        Assert.Equal(0, _scenario.SenderStarts);

        var exits = await Task.WhenAll(ProbeProcess.RunSenderAsync(environment, folder), ProbeProcess.RunSenderAsync(environment, folder));

        Assert.Equal([0, 0], exits);
        Assert.Equal(2, _scenario.SenderStarts);
        await _scenario.AssertDeliveredOnceAsync(receiver, [.. runs]);
    }
}
