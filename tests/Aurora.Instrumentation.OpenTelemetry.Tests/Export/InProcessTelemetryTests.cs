using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;
using Aurora.Instrumentation.OpenTelemetry.Tests.Support;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Export;

/// <summary>AuroraTelemetry inside the test process (the child-process tests cover real exits).</summary>
[Collection(ChildProcessGroup.Name)]
public sealed class InProcessTelemetryTests : IDisposable
{
    private readonly string _spool = Path.Combine(Path.GetTempPath(), "aurora-inproc-" + Guid.NewGuid().ToString("N"));
    private readonly RecordingLauncher _launcher = new();

    public void Dispose()
    {
        if (Directory.Exists(_spool))
        {
            Directory.Delete(_spool, recursive: true);
        }
    }

    [Fact]
    public void Off_registers_nothing_and_disposes_at_once()
    {
        using var telemetry = AuroraTelemetry.Start(Options(new() { ["AURORA_TELEMETRY"] = "off" }));
        Assert.Equal(AuroraTelemetryMode.Off, telemetry.Mode);
        Assert.Null(telemetry.SpoolDirectory);
        Assert.Equal(TimeSpan.Zero, telemetry.FlushBudget);
    }

    [Fact]
    public void Off_starts_timelines_that_emit_no_spans_unless_asked_to()
    {
        using var recorder = new AllDataRecorder();
        using var telemetry = AuroraTelemetry.Start(Options(new() { ["AURORA_TELEMETRY"] = "off" }));
        var quiet = new StartupTimelineOptions { MessageSink = new StandardErrorMessageSink(TextWriter.Null), RecordWhenUnobserved = true };
        using (var startup = telemetry.StartTimeline("quiet", quiet))
        {
            using (startup.BeginPhase(StartupPhases.Config))
            {
            }

            startup.MarkReady();
            Assert.Null(startup.RootActivity);
            Assert.Contains(startup.CreateReport().Phases, p => p.Name == "config");
        }

        Assert.False(quiet.EmitTelemetry);
        using (var startup = telemetry.StartTimeline("loud", new StartupTimelineOptions { MessageSink = new StandardErrorMessageSink(TextWriter.Null), EmitTelemetry = true }))
        {
            using (startup.BeginPhase(StartupPhases.Config))
            {
            }

            startup.MarkReady();
            Assert.NotNull(startup.RootActivity);
        }

        Assert.DoesNotContain(recorder.Stopped, a => Equals(a.GetTagItem("aurora.command"), "quiet"));
        Assert.Contains(recorder.Stopped, a => a.OperationName == "startup.config" && Equals(a.Parent?.GetTagItem("aurora.command"), "loud"));
    }

    [Fact]
    public void Bad_settings_are_reported_once_through_the_message_sink()
    {
        var messages = new List<StartupMessage>();
        var options = Options(new() { ["AURORA_TELEMETRY"] = "sideways" });
        options.MessageSink = new ListSink(messages);
        using var telemetry = AuroraTelemetry.Start(options);

        var message = Assert.Single(messages);
        Assert.Equal(StartupMessageLevel.Warning, message.Level);
        Assert.Contains("AURORA_TELEMETRY 'sideways'", message.Text);
    }

    [Fact]
    public async Task Otlp_exports_the_timeline_through_the_background_pipeline()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var options = Options(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.HttpEndpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        options.FlushBudget = TimeSpan.FromSeconds(30);
        string traceId;
        using (var telemetry = AuroraTelemetry.Start(options))
        {
            Assert.Equal(AuroraTelemetryMode.Otlp, telemetry.Mode);
            using var startup = telemetry.StartTimeline("inproc", new StartupTimelineOptions { MessageSink = new StandardErrorMessageSink(TextWriter.Null) });
            using (startup.BeginPhase(StartupPhases.Config))
            {
            }

            startup.MarkReady();
            Assert.Null(startup.RootActivity); // OTLP builds the spans from the timeline's records: no activity on the app's path
            traceId = startup.CreateReport().TraceId!;
        }

        var spans = await receiver.WaitForSpansAsync(s => s.Count(x => x.TraceId == traceId) >= 3, OtlpReceiver.DefaultTimeout);
        Assert.Equal(["aurora.startup", "startup.config", "startup.runtime"], spans.Where(s => s.TraceId == traceId).Select(s => s.Name).Order());
        Assert.Empty(Directory.Exists(_spool) ? Directory.GetFiles(_spool, "*.spool", SearchOption.AllDirectories) : []);
        Assert.Empty(_launcher.Launches); // a patient budget sends from this process: nothing was left for a sender
    }

    [Fact]
    public async Task An_interactive_run_persists_at_exit_and_starts_a_sender_for_its_destination()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var options = Options(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.HttpEndpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        using (var telemetry = AuroraTelemetry.Start(options))
        {
            using var startup = telemetry.StartTimeline("interactive", new StartupTimelineOptions { MessageSink = new StandardErrorMessageSink(TextWriter.Null) });
            startup.MarkReady();
        }

        var destination = Assert.Single(_launcher.Launches);
        Assert.Equal(_spool, Path.GetDirectoryName(destination));
        Assert.Single(Directory.GetFiles(destination, "*.traces.spool"));
        Assert.Single(Directory.GetFiles(destination, "*.metrics.spool"));
        Assert.Empty(receiver.Requests); // the exit did not wait for the network
    }

    [Fact]
    public async Task A_sender_started_early_is_handed_the_run_by_closing_its_channel_at_exit()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var early = new RecordingLauncher(startsEarly: true);
        var options = Options(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.HttpEndpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        options.SenderLauncher = () => early;
        using (var telemetry = AuroraTelemetry.Start(options))
        {
            using var startup = telemetry.StartTimeline("early", new StartupTimelineOptions { MessageSink = new StandardErrorMessageSink(TextWriter.Null) });

            // The export thread starts the sender before ready (bounded wait: it runs on its own thread).
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (early.Events.Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            startup.MarkReady();
        }

        Assert.Equal("early " + Path.Combine(_spool, Path.GetFileName(early.Events[0]["early ".Length..])), early.Events[0]);
        Assert.Equal("close", early.Events[^1]); // the exit only closed the channel: no sender started at exit
        Assert.DoesNotContain(early.Events, e => e.StartsWith("launch ", StringComparison.Ordinal));
        Assert.Single(Directory.GetFiles(early.Events[0]["early ".Length..], "*.traces.spool"));
    }

    [Fact]
    public void Console_mode_writes_the_summary_to_the_given_writer()
    {
        var summary = new StringWriter();
        var options = Options(new() { ["AURORA_TELEMETRY"] = "console" });
        options.SummaryWriter = summary;
        options.FlushBudget = TimeSpan.Zero;
        using (var telemetry = AuroraTelemetry.Start(options))
        {
            using var startup = telemetry.StartTimeline("consoled", new StartupTimelineOptions { MessageSink = new StandardErrorMessageSink(TextWriter.Null) });
            startup.MarkReady();
        }

        Assert.StartsWith("aurora: consoled ready (first_llm_call) in ", summary.ToString());
    }

    private AuroraTelemetryOptions Options(Dictionary<string, string?> env)
    {
        env["AURORA_SPOOL_DIR"] = _spool;
        return new AuroraTelemetryOptions { GetEnvironmentVariable = key => env.GetValueOrDefault(key), SenderLauncher = () => _launcher };
    }

    /// <summary>An all-data listener on Aurora.Startup, as an app's own tracer provider would be.</summary>
    private sealed class AllDataRecorder : IDisposable
    {
        private readonly System.Diagnostics.ActivityListener _listener;

        public AllDataRecorder()
        {
            _listener = new System.Diagnostics.ActivityListener
            {
                ShouldListenTo = source => source.Name == AuroraStartup.SourceName,
                Sample = static (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    lock (Stopped)
                    {
                        Stopped.Add(activity);
                    }
                },
            };
            System.Diagnostics.ActivitySource.AddActivityListener(_listener);
        }

        public List<System.Diagnostics.Activity> Stopped { get; } = [];

        public void Dispose() => _listener.Dispose();
    }

    private sealed class ListSink(List<StartupMessage> messages) : IStartupMessageSink
    {
        public void Write(in StartupMessage message) => messages.Add(message);
    }
}
