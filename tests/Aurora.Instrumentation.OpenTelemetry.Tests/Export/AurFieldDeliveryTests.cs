using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;
using Xunit.Abstractions;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Export;

/// <summary>
/// The field check of issue 14, as a user runs it: the <c>aur</c> sample's <c>soar</c> (its local responder answers at
/// once, so each run exits right after ready) against a live collector, eight times — five over gRPC, three over
/// http/protobuf — with nothing but the standard variables. Every run's trace and metrics must arrive, none twice,
/// within 20 s of that run's exit, without waiting for a later run. The latencies are written to the test output.
/// </summary>
[Collection(ChildProcessGroup.Name)]
public sealed class AurFieldDeliveryTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_deliveryBound = TimeSpan.FromSeconds(20);
    private readonly string _root = Directory.CreateTempSubdirectory("aurora-aur-field-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Eight_short_aur_soar_runs_over_both_protocols_each_arrive_once_with_their_metrics()
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var workspace = Directory.CreateDirectory(Path.Combine(_root, "workspace")).FullName;
        var latencies = new List<(ReceiverProtocol Protocol, double Ms)>();
        var traces = new List<string>();
        for (var run = 0; run < 8; run++)
        {
            var protocol = run < 5 ? ReceiverProtocol.Grpc : ReceiverProtocol.HttpProtobuf;
            var report = Path.Combine(_root, "report-" + run + ".json");
            var (exitCode, stderr) = await RunAurAsync(workspace, new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = (protocol == ReceiverProtocol.Grpc ? receiver.GrpcEndpoint : receiver.HttpEndpoint).ToString(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol == ReceiverProtocol.Grpc ? "grpc" : "http/protobuf",
                ["OTEL_SERVICE_NAME"] = "aur",
                ["AURORA_SPOOL_DIR"] = Path.Combine(_root, "spool"),
                ["AURORA_STARTUP_REPORT"] = report,

                // The test machine runs several test projects at once: an idle-class sender could starve for a while.
                ["AURORA_EXPORT_AFTER_EXIT"] = "normal",
            });
            var exited = Stopwatch.GetTimestamp();
            Assert.True(exitCode == 0, stderr);
            var traceId = JsonDocument.Parse(File.ReadAllBytes(report)).RootElement.GetProperty("traceId").GetString()!;
            traces.Add(traceId);

            // Delivered by this run's own sender, before the next run starts.
            await receiver.WaitForSpansAsync(spans => spans.Any(s => s.TraceId == traceId && s.Name == "aurora.startup"), s_deliveryBound);
            latencies.Add((protocol, Stopwatch.GetElapsedTime(exited).TotalMilliseconds));
            await receiver.WaitForMetricsAsync(metrics => DurationCount(metrics, protocol) >= (run < 5 ? run + 1 : run - 4), s_deliveryBound);
        }

        var spansOfRuns = receiver.Spans.Where(s => traces.Contains(s.TraceId)).ToList();
        Assert.Equal(spansOfRuns.Count, spansOfRuns.Select(s => s.SpanId).Distinct().Count()); // none twice
        Assert.All(traces, trace => Assert.Single(spansOfRuns, s => s.TraceId == trace && s.Name == "aurora.startup"));
        Assert.All(traces, trace => Assert.Contains(spansOfRuns, s => s.TraceId == trace && s.Name == "startup.store_init"));
        Assert.Equal(5, DurationCount(receiver.Metrics, ReceiverProtocol.Grpc));
        Assert.Equal(3, DurationCount(receiver.Metrics, ReceiverProtocol.HttpProtobuf));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "spool"), "*.spool", SearchOption.AllDirectories));

        var text = new StringBuilder("delivery latency after each run's exit (ms):");
        foreach (var (protocol, ms) in latencies)
        {
            text.Append(' ').Append(protocol == ReceiverProtocol.Grpc ? "grpc " : "http ").Append(ms.ToString("0", System.Globalization.CultureInfo.InvariantCulture));
        }

        var sorted = latencies.Select(l => l.Ms).Order().ToList();
        text.Append("; median ").Append(((sorted[3] + sorted[4]) / 2).ToString("0", System.Globalization.CultureInfo.InvariantCulture)).Append(", max ").Append(sorted[^1].ToString("0", System.Globalization.CultureInfo.InvariantCulture));
        output.WriteLine(text.ToString());
    }

    /// <summary>The latest cumulative count of <c>aurora.startup.duration</c> for soar that arrived over <paramref name="protocol"/>.</summary>
    private static long DurationCount(IReadOnlyList<ReceivedMetric> metrics, ReceiverProtocol protocol)
        => metrics.Where(m => m.Name == "aurora.startup.duration" && m.Protocol == protocol)
            .SelectMany(m => m.DataPoints)
            .Where(p => Equals(p.Attributes.GetValueOrDefault("aurora.command"), "soar"))
            .Select(p => (long)p.Count)
            .DefaultIfEmpty(0)
            .Max();

    private static async Task<(int ExitCode, string Error)> RunAurAsync(string workspace, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(ProbeProcess.DotnetHost(), [AurDll, "soar", "test query"])
        {
            WorkingDirectory = workspace,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal) || k.StartsWith("AURORA_", StringComparison.Ordinal) || k == "CI").ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(ProbeProcess.HangGuard);
        await process.WaitForExitAsync(guard.Token);
        await stdout;
        return (process.ExitCode, await stderr);
    }

    private static string AurDll
    {
        get
        {
            var baseDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var bin = Path.GetDirectoryName(Path.GetDirectoryName(baseDirectory))!;
            var dll = Path.Combine(bin, "Aurora.Cli", Path.GetFileName(baseDirectory), "aur.dll");
            Assert.True(File.Exists(dll), $"the aur sample is not built at {dll}");
            return dll;
        }
    }
}
