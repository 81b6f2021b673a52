using System.Diagnostics;
using System.Text;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Export;

/// <summary>One span as the probe app recorded it (its own ActivityListener, written at exit).</summary>
internal sealed record RecordedSpan(string TraceId, string SpanId, string? ParentSpanId, string Name);

internal sealed record ProbeResult(int ExitCode, string StandardOutput, string StandardError, IReadOnlyList<RecordedSpan> Spans, int ProcessId)
{
    /// <summary>The run's <c>aurora.startup</c> span.</summary>
    public RecordedSpan Root => Spans.Single(s => s.Name == "aurora.startup");

    /// <summary>The lines of its standard error that contain <paramref name="text"/>.</summary>
    public List<string> ErrorLines(string text)
        => [.. StandardError.Split('\n').Where(line => line.Contains(text, StringComparison.Ordinal))];
}

/// <summary>
/// Runs tests/Aurora.Instrumentation.AotSmoke under JIT (<c>dotnet &lt;dll&gt; aurora &lt;command&gt;</c>) as a real child
/// process with a clean environment: no inherited OTEL_*, AURORA_*, CI or DOTNET_ diagnostics variables.
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

    /// <summary>Runs the probe's <c>aurora</c> mode for <paramref name="command"/> and collects what it printed and recorded.</summary>
    /// <param name="environment">Added to the cleaned environment.</param>
    /// <param name="command">The timeline's command.</param>
    /// <param name="interact">Talks to the running probe before its output is read to the end.</param>
    /// <param name="started">Told the probe's pid as soon as it started.</param>
    public static async Task<ProbeResult> RunAsync(
        IReadOnlyDictionary<string, string> environment,
        string command = "probe",
        Func<Process, StreamReader, Task>? interact = null,
        Action<int>? started = null)
    {
        var spansFile = Path.Combine(Path.GetTempPath(), "aurora-probe-" + Guid.NewGuid().ToString("N") + ".spans");
        var start = StartInfo([ProbeDll, "aurora", command], environment);
        start.Environment["AURORA_SMOKE_SPANS_OUT"] = spansFile;

        using var process = Process.Start(start)!;
        started?.Invoke(process.Id);
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout;
        try
        {
            if (interact is not null)
            {
                await interact(process, process.StandardOutput).WaitAsync(HangGuard);
            }

            // Read to the end: this returns when every holder of the pipe closed it, so a detached sender that kept the
            // probe's stdout would hold the test here (the hang guard then fails it).
            stdout = await process.StandardOutput.ReadToEndAsync().WaitAsync(HangGuard);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"probe '{command}' (pid {process.Id}) was not done within the {HangGuard.TotalSeconds} s hang guard");
        }

        await WaitForExitAsync(process, command);
        var spans = File.Exists(spansFile)
            ? File.ReadAllLines(spansFile).Where(l => l.Length > 0).Select(Parse).ToList()
            : [];
        File.Delete(spansFile);
        return new ProbeResult(process.ExitCode, stdout, await stderr.WaitAsync(HangGuard), spans, process.Id);
    }

    /// <summary>
    /// Starts the probe as a user (or a stuck app) could start a sender by hand: no arguments and
    /// <c>AURORA_TELEMETRY_SENDER</c> naming a spool folder. Returns its exit code.
    /// </summary>
    public static async Task<int> RunSenderAsync(IReadOnlyDictionary<string, string> environment, string folder)
    {
        var start = StartInfo([ProbeDll], environment);
        start.Environment[OpenTelemetry.Delivery.SenderProcess.MarkerVariable] = folder;
        using var process = Process.Start(start)!;
        var output = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await WaitForExitAsync(process, "sender");
        await output.WaitAsync(HangGuard);
        return process.ExitCode;
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(DotnetHost(), arguments)
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
            if (key.StartsWith("OTEL_", StringComparison.Ordinal) || key.StartsWith("AURORA_", StringComparison.Ordinal) || key == "CI" || key == "TRACEPARENT"
                || key.Contains("DiagnosticPort", StringComparison.Ordinal) || key.Contains("EnableEventPipe", StringComparison.Ordinal))
            {
                start.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private static async Task WaitForExitAsync(Process process, string what)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"probe '{what}' did not exit within the {HangGuard.TotalSeconds} s hang guard");
        }
    }

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
