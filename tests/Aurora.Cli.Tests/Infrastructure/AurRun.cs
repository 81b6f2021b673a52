using System.Diagnostics;
using System.Text;

namespace Aurora.Cli.Tests.Infrastructure;

/// <summary>The outcome of one `aur` child process.</summary>
public sealed record AurResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string AllOutput => StandardOutput + "\n" + StandardError;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

/// <summary>
/// Runs the real `aur` (the sample's build output, `dotnet aur.dll`) as a child process in a given directory with a
/// clean environment: every AURORA_*, OTEL_* and TRACEPARENT variable of the test host is removed first.
/// </summary>
public static class AurRun
{
    /// <summary>A hang guard only (a loaded 2-core CI machine runs several builds at once), never a performance assertion.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    private static readonly Lazy<string> s_aurDll = new(FindAurDll);

    public static string AurDll => s_aurDll.Value;

    public static async Task<AurResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = StartInfo(AurDll, workingDirectory, environment, args);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"aur {string.Join(' ', args)} did not exit within {HangGuard}; stderr so far: {(stderr.IsCompleted ? stderr.Result : "(still open)")}");
        }

        return new AurResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<AurResult> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, null, args);

    /// <summary>
    /// `dotnet &lt;aurDll&gt; args` in <paramref name="workingDirectory"/>, every AURORA_*, OTEL_* and TRACEPARENT/TRACESTATE
    /// variable of the test host removed, telemetry off unless <paramref name="environment"/> says otherwise.
    /// </summary>
    public static ProcessStartInfo StartInfo(string aurDll, string workingDirectory, IReadOnlyDictionary<string, string>? environment, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(aurDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("AURORA_", StringComparison.Ordinal) || key.StartsWith("OTEL_", StringComparison.Ordinal)
                || key is "TRACEPARENT" or "TRACESTATE")
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["AURORA_TELEMETRY"] = "off";
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        return start;
    }

    /// <summary>
    /// The sample's own build output (bin/Aurora.Cli/&lt;configuration&gt;/aur.dll beside this test project's output,
    /// with its deps.json and native SQLite), else a copy next to the test assembly.
    /// </summary>
    private static string FindAurDll()
    {
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var configuration = Path.GetFileName(here);
        var candidates = new[]
        {
            Path.GetFullPath(Path.Combine(here, "..", "..", "Aurora.Cli", configuration, "aur.dll")),
            Path.Combine(here, "aur.dll"),
        };
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate) && File.Exists(Path.ChangeExtension(candidate, ".runtimeconfig.json")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("aur.dll not found; looked at: " + string.Join(", ", candidates));
    }
}
