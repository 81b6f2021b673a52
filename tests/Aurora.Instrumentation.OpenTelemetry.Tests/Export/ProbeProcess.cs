using System.Diagnostics;
using System.Text;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Export;

/// <summary>One span as the probe app recorded it (its own ActivityListener, written at exit).</summary>
internal sealed record RecordedSpan(string TraceId, string SpanId, string? ParentSpanId, string Name);

internal sealed record ProbeResult(int ExitCode, string StandardOutput, string StandardError, IReadOnlyList<RecordedSpan> Spans);

/// <summary>
/// Runs tests/Aurora.Instrumentation.AotSmoke under JIT (<c>dotnet &lt;dll&gt; aurora &lt;command&gt;</c>) as a real child
/// process with a clean environment: no inherited OTEL_*, AURORA_* or CI variables.
/// </summary>
internal static class ProbeProcess
{
    /// <summary>Hang guard only: a run that has not exited by then is a failure, never a timing assertion.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    public static string ProbeDll
    {
        get
        {
            // Test output: <artifacts>/bin/Aurora.Instrumentation.OpenTelemetry.Tests/<config>/; the probe is a sibling.
            var baseDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var configuration = Path.GetFileName(baseDirectory);
            var bin = Path.GetDirectoryName(Path.GetDirectoryName(baseDirectory))!;
            var dll = Path.Combine(bin, "Aurora.Instrumentation.AotSmoke", configuration, "Aurora.Instrumentation.AotSmoke.dll");
            Assert.True(File.Exists(dll), $"probe app not built at {dll}");
            return dll;
        }
    }

    public static Task<ProbeResult> RunAsync(IReadOnlyDictionary<string, string> environment, string command = "probe")
        => RunAsync(environment, command, interact: null);

    public static async Task<ProbeResult> RunAsync(
        IReadOnlyDictionary<string, string> environment,
        string command,
        Func<Process, StreamReader, Task>? interact)
    {
        var spansFile = Path.Combine(Path.GetTempPath(), "aurora-probe-" + Guid.NewGuid().ToString("N") + ".spans");
        var start = new ProcessStartInfo(DotnetHost(), [ProbeDll, "aurora", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("OTEL_", StringComparison.Ordinal) || key.StartsWith("AURORA_", StringComparison.Ordinal) || key == "CI" || key == "TRACEPARENT")
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["AURORA_SMOKE_SPANS_OUT"] = spansFile;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout;
        if (interact is not null)
        {
            await interact(process, process.StandardOutput).WaitAsync(HangGuard);
        }

        stdout = await process.StandardOutput.ReadToEndAsync().WaitAsync(HangGuard);
        using (var guard = new CancellationTokenSource(HangGuard))
        {
            try
            {
                await process.WaitForExitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"probe '{command}' did not exit within the {HangGuard.TotalSeconds} s hang guard");
            }
        }

        var spans = File.Exists(spansFile)
            ? File.ReadAllLines(spansFile).Where(l => l.Length > 0).Select(Parse).ToList()
            : [];
        File.Delete(spansFile);
        return new ProbeResult(process.ExitCode, stdout, await stderr, spans);
    }

    public static Dictionary<string, string> OtlpEnvironment(Receiver.OtlpReceiver receiver, Receiver.ReceiverProtocol protocol, string spool, int flushMs)
        => new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = (protocol == Receiver.ReceiverProtocol.Grpc ? receiver.GrpcEndpoint : receiver.HttpEndpoint).ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol == Receiver.ReceiverProtocol.Grpc ? "grpc" : "http/protobuf",
            ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "5000",
            ["OTEL_SERVICE_NAME"] = "aurora-probe",
            ["AURORA_SPOOL_DIR"] = spool,
            ["AURORA_EXPORT_FLUSH_MS"] = flushMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

    private static RecordedSpan Parse(string line)
    {
        var parts = line.Split(' ', 4);
        return new RecordedSpan(parts[0], parts[1], parts[2] == "-" ? null : parts[2], parts[3]);
    }

    public static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
