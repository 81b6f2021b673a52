using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Aurora.Instrumentation.Testing.Running;

/// <summary>
/// Runs the measured command as a real child process, once per call, with its own <c>AURORA_STARTUP_REPORT</c>
/// file: stdin closed, stdout and stderr drained (the last lines of stderr kept for the error message), wall time
/// from just before start to exit, peak memory sampled while it runs, the whole process tree killed at the timeout.
/// A failing, hanging or misbehaving command becomes a <see cref="RunOutcome"/>, never an exception.
/// </summary>
internal sealed class ChildProcessRunner : IDisposable
{
    public const string ReportVariable = "AURORA_STARTUP_REPORT";

    /// <summary>When the tool launched the child, in microseconds since the Unix epoch (see StartupTimeline).</summary>
    public const string LaunchTimeVariable = "AURORA_LAUNCH_UNIX_US";
    private const int StderrTailChars = 2000;
    private static readonly TimeSpan s_drainLimit = TimeSpan.FromSeconds(5);

    private readonly TimeSpan _timeout;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly string _reportDirectory;
    private int _runCount;

    public ChildProcessRunner(TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        _timeout = timeout;
        _environment = environment ?? new Dictionary<string, string?>();
        _reportDirectory = Directory.CreateTempSubdirectory("aurora-startup-").FullName;
    }

    public async Task<RunOutcome> RunAsync(CommandSpec command, CancellationToken cancellationToken)
    {
        var reportPath = Path.Combine(_reportDirectory, $"run-{Interlocked.Increment(ref _runCount)}.json");
        var start = new ProcessStartInfo(command.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        start.Environment[ReportVariable] = reportPath;

        // Linux records a process's start in 10 ms ticks; the launch time lets the child's timeline start its
        // "total" and "runtime" at the real moment instead (it checks the value against the kernel's record).
        var launchedAt = (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        start.Environment[LaunchTimeVariable] = launchedAt.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var process = new Process { StartInfo = start };
        var began = Stopwatch.GetTimestamp();
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            return new RunOutcome { Status = RunStatus.StartFailed, Error = $"could not start '{command.FileName}': {ex.Message}" };
        }

        var stdout = DrainAsync(process.StandardOutput, keepTail: false);
        var stderr = DrainAsync(process.StandardError, keepTail: true);
        using var exited = new CancellationTokenSource();
        var memory = PeakMemorySampler.SampleAsync(process, exited.Token);
        CloseQuietly(process.StandardInput);

        var timedOut = false;
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(_timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
            }
        }

        var wallMs = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
        await exited.CancelAsync().ConfigureAwait(false);
        if (timedOut)
        {
            KillTree(process);
        }

        // A grandchild that inherited the pipes can keep them open after the child exits: bound the drain.
        var drained = Task.WhenAll(stdout, stderr);
        await Task.WhenAny(drained, Task.Delay(s_drainLimit, CancellationToken.None)).ConfigureAwait(false);
        var peak = await memory.ConfigureAwait(false);
        var errorTail = stderr.IsCompletedSuccessfully ? stderr.Result.Trim() : string.Empty;
        cancellationToken.ThrowIfCancellationRequested();

        if (timedOut)
        {
            return new RunOutcome { Status = RunStatus.TimedOut, WallMs = wallMs, PeakMemoryBytes = peak, Error = $"timed out after {DurationText.Format(_timeout)}; process tree killed" };
        }

        var exitCode = process.ExitCode;
        var outcome = ReadReport(reportPath);
        if (exitCode != 0)
        {
            var detail = errorTail.Length == 0 ? string.Empty : ": " + LastLine(errorTail);
            return new RunOutcome { Status = RunStatus.Failed, ExitCode = exitCode, WallMs = wallMs, PeakMemoryBytes = peak, Report = outcome.Report, Error = $"exit code {exitCode}{detail}" };
        }

        return new RunOutcome
        {
            Status = outcome.Status,
            ExitCode = exitCode,
            WallMs = wallMs,
            PeakMemoryBytes = peak,
            Report = outcome.Report,
            Error = outcome.Error,
        };
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_reportDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static (RunStatus Status, StartupReport? Report, string? Error) ReadReport(string path)
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(path))
            {
                return (RunStatus.NoReport, null, $"no report was written to {ReportVariable} (is the command instrumented with StartupTimeline?)");
            }

            bytes = File.ReadAllBytes(path);
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (RunStatus.GarbledReport, null, $"could not read the report: {ex.Message}");
        }

        try
        {
            return (RunStatus.Ok, StartupReport.Parse(bytes), null);
        }
        catch (FormatException ex)
        {
            return (RunStatus.GarbledReport, null, $"unreadable report: {ex.Message}");
        }
    }

    private static async Task<string> DrainAsync(StreamReader reader, bool keepTail)
    {
        var tail = new StringBuilder();
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                if (keepTail)
                {
                    tail.Append(buffer, 0, read);
                    if (tail.Length > StderrTailChars * 2)
                    {
                        tail.Remove(0, tail.Length - StderrTailChars);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe went away with a killed process: what was read is all there is.
        }

        return tail.ToString();
    }

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? string.Empty : lines[^1];
    }

    private static void CloseQuietly(StreamWriter input)
    {
        try
        {
            input.Close();
        }
        catch (IOException)
        {
            // The child may already have exited.
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }
}
