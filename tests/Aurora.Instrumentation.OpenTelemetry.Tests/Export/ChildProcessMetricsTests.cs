using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Export;

/// <summary>
/// The startup metrics of real probe runs as their senders deliver them: one cumulative series per installation by
/// default, consecutive delta windows when asked, refusals reported like the traces', and sampling never thins them.
/// </summary>
[Collection(ChildProcessGroup.Name)]
public sealed class ChildProcessMetricsTests : IAsyncLifetime
{
    private readonly ExportScenario _scenario = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _scenario.DisposeAsync().AsTask();

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task By_default_the_runs_of_one_installation_add_up_in_one_cumulative_series(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, protocol);

        var first = await _scenario.RunAsync(environment, "soar");
        await _scenario.AssertDeliveredOnceAsync(receiver, first);
        var second = await _scenario.RunAsync(environment, "soar");
        await _scenario.AssertDeliveredOnceAsync(receiver, first, second);

        var durations = receiver.Metrics.Where(m => m.Name == ExportScenario.DurationMetric).ToList();
        Assert.Equal(2, durations.Count);
        Assert.All(durations, m => Assert.Equal(ReceivedTemporality.Cumulative, m.Temporality));
        var (one, two) = (Assert.Single(durations[0].DataPoints), Assert.Single(durations[1].DataPoints));
        Assert.Equal(1UL, one.Count);
        Assert.Equal(2UL, two.Count);
        Assert.Equal(one.StartUnixNano, two.StartUnixNano); // one series since the installation's start
        Assert.True(two.TimeUnixNano > one.TimeUnixNano);
        Assert.True(two.Sum > one.Sum);
        Assert.Equal(2, two.BucketCounts.Sum(c => (long)c));

        // The installation's id names the series in every export, across runs.
        var instance = Assert.Single(receiver.Metrics.Select(m => m.ResourceAttributes["service.instance.id"]).Distinct());
        Assert.Matches("^[0-9a-f]{32}$", (string)instance!);
    }

    [Fact]
    public async Task Delta_temporality_sends_each_runs_own_increments_in_consecutive_windows()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, ReceiverProtocol.HttpProtobuf);
        environment["OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE"] = "delta";

        var first = await _scenario.RunAsync(environment, "soar");
        await _scenario.AssertDeliveredOnceAsync(receiver, first);
        var second = await _scenario.RunAsync(environment, "soar");
        await _scenario.AssertDeliveredOnceAsync(receiver, first, second);

        var durations = receiver.Metrics.Where(m => m.Name == ExportScenario.DurationMetric).ToList();
        Assert.All(durations, m => Assert.Equal(ReceivedTemporality.Delta, m.Temporality));
        var (one, two) = (Assert.Single(durations[0].DataPoints), Assert.Single(durations[1].DataPoints));
        Assert.Equal(1UL, one.Count);
        Assert.Equal(1UL, two.Count);
        Assert.True(one.StartUnixNano < one.TimeUnixNano);
        Assert.Equal(one.TimeUnixNano, two.StartUnixNano); // the second window starts where the first ended
        Assert.True(two.StartUnixNano < two.TimeUnixNano);
    }

    [Fact]
    public async Task A_refused_metrics_export_is_rejected_and_told_like_a_refused_trace_export()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.AnswerAlways(ReceiverAnswer.Http(400, "delta histograms are not accepted"), r => r.Signal == ReceiverSignal.Metrics);
        var environment = _scenario.Environment(receiver, ReceiverProtocol.HttpProtobuf);
        environment["OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE"] = "delta";
        var folder = _scenario.FolderOf(environment);

        var first = await _scenario.RunAsync(environment, "delta");
        await ExportScenario.WaitForSpansAsync(receiver, first);
        await receiver.WaitForRequestsAsync(r => r.Any(x => x.Signal == ReceiverSignal.Metrics && x.Outcome == ReceivedRequestOutcome.Faulted));
        await _scenario.WaitForSendersAsync();
        ExportScenario.AssertSpansOnce(receiver, first);
        Assert.Empty(ExportScenario.SpoolFiles(folder));
        Assert.EndsWith(".metrics.spool", Assert.Single(ExportScenario.RejectedFiles(folder)), StringComparison.Ordinal);

        var second = await _scenario.RunAsync(environment, "delta");
        var notice = Assert.Single(second.ErrorLines("telemetry:"));
        Assert.Contains("the collector at " + receiver.HttpEndpoint.GetLeftPart(UriPartial.Authority) + " refused 1 startup metrics file(s) for good: HTTP 400", notice);
        Assert.Contains("'delta histograms are not accepted'", notice);
        Assert.Contains("unset OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE or set it to cumulative", notice);
        await _scenario.WaitForSendersAsync();
        Assert.Empty(receiver.Metrics);
    }

    [Theory]
    [InlineData("always_off", null)]
    [InlineData("traceidratio", "0")]
    public async Task A_sampler_that_drops_the_trace_still_delivers_every_metric(string sampler, string? argument)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var environment = _scenario.Environment(receiver, ReceiverProtocol.Grpc);
        environment["OTEL_TRACES_SAMPLER"] = sampler;
        if (argument is not null)
        {
            environment["OTEL_TRACES_SAMPLER_ARG"] = argument;
        }

        var run = await _scenario.RunAsync(environment, "sampled");

        Assert.Equal(5, run.Spans.Count); // created (the probe's own listener saw them), just not exported
        await receiver.WaitForMetricsAsync(m => m.Any(x => x.Name == ExportScenario.DurationMetric));
        await _scenario.WaitForSendersAsync();
        Assert.Equal("sampled", Assert.Single(ExportScenario.DurationPoints(receiver.Metrics)).Attributes["aurora.command"]);
        var phases = receiver.Metrics.Where(m => m.Name == "aurora.startup.phase.duration").SelectMany(m => m.DataPoints).Select(p => p.Attributes["aurora.phase"]);
        Assert.Equal(["agent_discovery", "config", "runtime", "store_init"], phases.Cast<string>().Order());
        Assert.Empty(receiver.Spans);
        Assert.DoesNotContain(receiver.Requests, r => r.Signal == ReceiverSignal.Traces);
        ExportScenario.AssertDrained(_scenario.FolderOf(environment));
    }
}
