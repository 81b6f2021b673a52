using System.Globalization;
using Aurora.Instrumentation.OpenTelemetry.Delivery;
using Aurora.Instrumentation.OpenTelemetry.Otlp;
using Aurora.Instrumentation.OpenTelemetry.Spool;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;
using Aurora.Instrumentation.OpenTelemetry.Tests.Support;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Export;

/// <summary>
/// One child-process export test's world: a spool root of its own, the environment that points the probe at a
/// receiver, the probe runs and the detached senders they started. Disposing it ends any sender still running (the
/// test's own grandchildren, by pid) and deletes the spool.
/// </summary>
internal sealed class ExportScenario : IAsyncDisposable
{
    public const string Service = "aurora-probe";
    public const string DurationMetric = "aurora.startup.duration";

    /// <summary>The files a destination folder keeps between runs; anything else left there is a spool file.</summary>
    private static readonly string[] s_stateFiles = [SenderLock.FileName, DeliveryStatus.BackoffFile, DeliveryStatus.NoticeFile, DeliveryStatus.ShownNoticeFile, OpenTelemetry.Metrics.MetricsState.FileName];

    private readonly HashSet<int> _senders = [];

    public ExportScenario()
    {
        Directory.CreateDirectory(SendersDirectory);
    }

    /// <summary>The spool root (<c>AURORA_SPOOL_DIR</c>).</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "aurora-spool-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Where each detached sender of these runs notes that it started (the probe's <c>AURORA_SMOKE_SENDERS_DIR</c>).</summary>
    public string SendersDirectory { get; } = Path.Combine(Path.GetTempPath(), "aurora-senders-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>How many detached senders these runs started so far (running or ended).</summary>
    public int SenderStarts => Directory.GetFiles(SendersDirectory).Length;

    /// <summary>
    /// The probe's environment for <paramref name="receiver"/>: the general endpoint and protocol, a 5 s timeout, the
    /// service name, this spool, the default (interactive) flush budget, and a detached sender at normal priority (the
    /// test machine is saturated: at the idle class a sender would wait for CPU time no one leaves it).
    /// </summary>
    public Dictionary<string, string> Environment(OtlpReceiver receiver, ReceiverProtocol protocol, int lingerMs = 0)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = (protocol == ReceiverProtocol.Grpc ? receiver.GrpcEndpoint : receiver.HttpEndpoint).ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol == ReceiverProtocol.Grpc ? "grpc" : "http/protobuf",
            ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "5000",
            ["OTEL_SERVICE_NAME"] = Service,
            ["AURORA_SPOOL_DIR"] = Root,
            ["AURORA_EXPORT_AFTER_EXIT"] = "normal",
            ["AURORA_SMOKE_SENDERS_DIR"] = SendersDirectory,
        };
        if (lingerMs > 0)
        {
            environment["AURORA_SMOKE_LINGER_MS"] = lingerMs.ToString(CultureInfo.InvariantCulture);
        }

        return environment;
    }

    /// <summary>Runs the probe (it must exit 0) and notes the senders it left running.</summary>
    public async Task<ProbeResult> RunAsync(IReadOnlyDictionary<string, string> environment, string command = "probe", Action<int>? started = null)
    {
        var run = await ProbeProcess.RunAsync(environment, command, started: started);
        Assert.True(run.ExitCode == 0, $"probe '{command}' exited {run.ExitCode}: {run.StandardError}");
        NoteSenders();
        return run;
    }

    /// <summary>
    /// Runs the probe with <c>AURORA_SMOKE_HOLD</c>: past ready it waits while <paramref name="whileHeld"/> runs (told the
    /// run's trace id), then ends one more phase and exits at once. It must exit 0.
    /// </summary>
    public async Task<ProbeResult> RunHoldingAsync(IReadOnlyDictionary<string, string> environment, string command, Func<string, Task> whileHeld)
    {
        var holding = new Dictionary<string, string>(environment) { ["AURORA_SMOKE_HOLD"] = "1" };
        var run = await ProbeProcess.RunAsync(holding, command, async (process, output) =>
        {
            var line = await output.ReadLineAsync();
            Assert.StartsWith("hold ", line);
            await whileHeld(line!["hold ".Length..]);
            await process.StandardInput.WriteLineAsync();
            await process.StandardInput.FlushAsync();
        });
        Assert.True(run.ExitCode == 0, $"probe '{command}' exited {run.ExitCode}: {run.StandardError}");
        NoteSenders();
        return run;
    }

    /// <summary>The detached senders of this spool running now.</summary>
    public List<int> RunningSenders() => NoteSenders();

    /// <summary>Waits until every sender this spool's runs started has ended (a sender lives at most 30 s).</summary>
    public Task WaitForSendersAsync()
    {
        NoteSenders();
        lock (_senders)
        {
            return DetachedSenders.WaitForExitAsync([.. _senders]);
        }
    }

    /// <summary>The destination folder the probe writes to with <paramref name="environment"/> (<c>OtlpDestination.KeyOf</c>).</summary>
    public string FolderOf(IReadOnlyDictionary<string, string> environment)
        => SpoolDirectory.PathFor(Root, OtlpDestination.KeyOf(name => environment.GetValueOrDefault(name)));

    /// <summary>The destination folders under the root.</summary>
    public List<string> Folders() => Directory.Exists(Root) ? [.. Directory.GetDirectories(Root).Order(StringComparer.Ordinal)] : [];

    /// <summary>Spool files (waiting, claimed or being written) in <paramref name="folder"/> itself.</summary>
    public static List<string> SpoolFiles(string folder)
        => Directory.Exists(folder) ? [.. Directory.GetFiles(folder).Where(f => SpoolFileName.TryParse(Path.GetFileName(f), out _)).Order(StringComparer.Ordinal)] : [];

    /// <summary>Files the collector refused for good.</summary>
    public static List<string> RejectedFiles(string folder)
    {
        var rejected = Path.Combine(folder, SpoolDirectory.RejectedFolder);
        return Directory.Exists(rejected) ? [.. Directory.GetFiles(rejected).Order(StringComparer.Ordinal)] : [];
    }

    /// <summary>The folder holds only its state files: everything was confirmed, nothing rejected or quarantined.</summary>
    public static void AssertDrained(string folder)
    {
        Assert.True(Directory.Exists(folder), $"no destination folder {folder}");
        Assert.Empty(Directory.GetDirectories(folder));
        Assert.All(Directory.GetFiles(folder), file => Assert.Contains(Path.GetFileName(file), s_stateFiles));
    }

    /// <summary>
    /// Waits for every span of <paramref name="runs"/> and one duration point per run, then for the senders to end, and
    /// asserts that each span and each run's metrics arrived exactly once and the folders are drained.
    /// </summary>
    public Task AssertDeliveredOnceAsync(OtlpReceiver receiver, params ProbeResult[] runs) => AssertDeliveredOnceAsync(receiver, Folders, runs);

    /// <summary>The same, for runs of one destination among others: only its <paramref name="folder"/> must be drained.</summary>
    public Task AssertDeliveredOnceAsync(OtlpReceiver receiver, string folder, params ProbeResult[] runs) => AssertDeliveredOnceAsync(receiver, () => [folder], runs);

    private async Task AssertDeliveredOnceAsync(OtlpReceiver receiver, Func<List<string>> folders, ProbeResult[] runs)
    {
        await WaitForSpansAsync(receiver, runs);
        await receiver.WaitForMetricsAsync(m => DurationPoints(m).Count >= runs.Length, OtlpReceiver.DefaultTimeout, $"{runs.Length} {DurationMetric} point(s)");
        await WaitForSendersAsync();

        AssertSpansOnce(receiver, runs);
        AssertMetricsOnce(receiver, runs);
        foreach (var folder in folders())
        {
            AssertDrained(folder);
        }
    }

    /// <summary>Waits until every span the runs recorded has arrived (no assertion on duplicates yet).</summary>
    public static Task WaitForSpansAsync(OtlpReceiver receiver, params ProbeResult[] runs)
    {
        var expected = runs.SelectMany(r => r.Spans).Select(s => s.SpanId).ToHashSet();
        return receiver.WaitForSpansAsync(s => expected.IsSubsetOf(s.Select(x => x.SpanId)), OtlpReceiver.DefaultTimeout, $"the {expected.Count} span(s) of {runs.Length} run(s)");
    }

    /// <summary>Each recorded span arrived exactly once, with its trace, parent and name.</summary>
    public static void AssertSpansOnce(OtlpReceiver receiver, params ProbeResult[] runs)
    {
        var spans = receiver.Spans;
        foreach (var recorded in runs.SelectMany(r => r.Spans))
        {
            var arrived = Assert.Single(spans, s => s.SpanId == recorded.SpanId);
            Assert.Equal(recorded.TraceId, arrived.TraceId);
            Assert.Equal(recorded.ParentSpanId, arrived.ParentSpanId);
            Assert.Equal(recorded.Name, arrived.Name);
        }
    }

    /// <summary>
    /// Exactly one <c>aurora.startup.duration</c> point per run arrived, each at its run's own time (the end of the run's
    /// root span as the receiver got it).
    /// </summary>
    public static void AssertMetricsOnce(OtlpReceiver receiver, params ProbeResult[] runs)
    {
        var points = DurationPoints(receiver.Metrics);
        Assert.True(points.Count == runs.Length, $"{points.Count} {DurationMetric} point(s) for {runs.Length} run(s): {receiver.Describe()}");
        var spans = receiver.Spans;
        foreach (var run in runs)
        {
            var root = Assert.Single(spans, s => s.SpanId == run.Root.SpanId);
            Assert.Single(points, p => p.TimeUnixNano == root.EndUnixNano);
        }
    }

    /// <summary>Every <c>aurora.startup.duration</c> data point received, in arrival order.</summary>
    public static List<ReceivedDataPoint> DurationPoints(IEnumerable<ReceivedMetric> metrics)
        => [.. metrics.Where(m => m.Name == DurationMetric).SelectMany(m => m.DataPoints)];

    public async ValueTask DisposeAsync()
    {
        var left = NoteSenders();
        foreach (var pid in left)
        {
            DetachedSenders.Kill(pid);
        }

        if (left.Count > 0)
        {
            await DetachedSenders.WaitForExitAsync(left, TimeSpan.FromSeconds(10));
        }

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        Directory.Delete(SendersDirectory, recursive: true);
    }

    private List<int> NoteSenders()
    {
        var running = DetachedSenders.Find(Root);
        lock (_senders)
        {
            _senders.UnionWith(running);
        }

        return running;
    }
}
