using System.Diagnostics.Tracing;
using Aurora.Instrumentation.Testing.Running;
using Microsoft.Diagnostics.NETCore.Client;

namespace Aurora.Startup.Tool.Profile;

/// <summary>
/// Runs the command once with the profiler attached from its first managed instruction. The tool listens on a
/// diagnostic port of its own; the child is started (by <see cref="ChildProcessRunner"/>, with its timeout, process
/// tree kill and report) with <c>DOTNET_DiagnosticPorts=&lt;port&gt;,connect,suspend</c>, so its runtime connects and waits
/// before running any managed code. The tool then starts an EventPipe session (sample profiler, the runtime's JIT and
/// loader events, the timeline's phase events, which <c>AURORA_PHASE_EVENTS=1</c> turns on), copies the stream to a
/// file and resumes the runtime. A child that exits or times out without connecting, or a session that cannot start,
/// is a <see cref="TracedRun"/> with an error, never a hang: every wait is bounded by the run's timeout.
/// </summary>
internal sealed class TracedRunner : IDisposable
{
    public const string PhaseEventsVariable = "AURORA_PHASE_EVENTS";
    public const string DiagnosticPortsVariable = "DOTNET_DiagnosticPorts";

    /// <summary>Sun paths are limited to 108 bytes on Linux (104 on macOS).</summary>
    private const int MaxSocketPath = 100;

    /// <summary>How long the stream may take to end after the child exited: the runtime writes its rundown first.</summary>
    private static readonly TimeSpan s_streamDrain = TimeSpan.FromSeconds(15);

    private readonly TimeSpan _timeout;
    private readonly string _directory;
    private int _runs;

    public TracedRunner(TimeSpan timeout)
    {
        _timeout = timeout;
        _directory = Directory.CreateTempSubdirectory("aurora-profile-").FullName;
    }

    /// <summary>The <c>Phases</c> keyword of the <c>Aurora-Instrumentation</c> EventSource.</summary>
    private const long PhaseEventsKeyword = 0x1;

    /// <summary>The providers of the session: 1 ms thread samples, JIT and loader events (verbose: method names), the timeline's phases.</summary>
    public static IReadOnlyList<EventPipeProvider> Providers() =>
    [
        new(NettraceReader.SampleProfilerProvider, EventLevel.Informational),
        new(NettraceReader.RuntimeProvider, EventLevel.Verbose, RuntimeKeywords.Jit | RuntimeKeywords.Loader | RuntimeKeywords.AssemblyLoader),
        new(NettraceReader.TimelineProvider, EventLevel.Informational, PhaseEventsKeyword),
    ];

    public async Task<TracedRun> RunAsync(CommandSpec command, CancellationToken cancellationToken)
    {
        var run = Interlocked.Increment(ref _runs);
        var port = Path.Combine(_directory, $"port-{run}.sock");
        var tracePath = Path.Combine(_directory, $"run-{run}.nettrace");
        if (port.Length > MaxSocketPath)
        {
            var tooLong = $"the temporary directory's path is too long for a diagnostic port socket ({port}); set TMPDIR to a shorter one";
            return new TracedRun { Outcome = new RunOutcome { Status = RunStatus.StartFailed, Error = tooLong }, Error = tooLong };
        }

        using var listening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connecting = DiagnosticsClientConnector.FromDiagnosticPort(port + ",listen", listening.Token);
        using var runner = new ChildProcessRunner(_timeout, new Dictionary<string, string?>
        {
            [DiagnosticPortsVariable] = port + ",connect,suspend",
            [PhaseEventsVariable] = "1",
        });
        using var stopChild = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = runner.RunAsync(command, stopChild.Token);

        await Task.WhenAny(connecting, running).ConfigureAwait(false);
        if (!connecting.IsCompletedSuccessfully || connecting.Result is null)
        {
            if (connecting.IsFaulted)
            {
                // Nobody will ever accept the child's connection: a suspended runtime would wait for the timeout.
                await stopChild.CancelAsync().ConfigureAwait(false);
            }

            // The child ended (or was killed at the timeout) without its runtime ever connecting.
            await listening.CancelAsync().ConfigureAwait(false);
            await DisposeQuietlyAsync(connecting).ConfigureAwait(false);
            var outcome = await OutcomeOfStoppedAsync(running, cancellationToken).ConfigureAwait(false);
            return new TracedRun { Outcome = outcome, Connected = false, Error = NeverConnected(outcome, connecting) };
        }

        await using var connector = connecting.Result;
        string? error = null;
        Task? copying = null;
        EventPipeSession? session = null;
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(_timeout);
            var configuration = new EventPipeSessionConfiguration(Providers(), circularBufferSizeMB: 256, requestRundown: true, requestStackwalk: true);
            session = await connector.Instance.StartEventPipeSessionAsync(configuration, limit.Token).ConfigureAwait(false);
            copying = CopyAsync(session.EventStream, tracePath);
        }
        catch (Exception ex) when (ex is DiagnosticsClientException or IOException or OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            error = $"could not start an EventPipe session in the child: {ex.Message}";
        }

        try
        {
            // Resumed even without a session: a suspended child would otherwise wait for the timeout.
            await Task.Run(connector.Instance.ResumeRuntime, CancellationToken.None).WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DiagnosticsClientException or IOException or TimeoutException)
        {
            error ??= $"could not resume the child's runtime: {ex.Message}";
        }

        var result = await running.ConfigureAwait(false);
        if (copying is not null)
        {
            try
            {
                await copying.WaitAsync(s_streamDrain, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                error ??= $"the trace stream did not end within {DurationText.Format(s_streamDrain)} of the child's exit";
            }
        }

        session?.Dispose();
        return new TracedRun { Outcome = result, Connected = true, TracePath = error is null ? tracePath : null, Error = error };
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temp directory is harmless.
        }
    }

    private static async Task CopyAsync(Stream events, string path)
    {
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await events.CopyToAsync(file).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The connection closes with the child; what was copied is what the trace holds.
        }
    }

    /// <summary>The child's outcome; a child stopped by the profiler itself (not by the user) is a failed run, not a cancellation.</summary>
    private static async Task<RunOutcome> OutcomeOfStoppedAsync(Task<RunOutcome> running, CancellationToken cancellationToken)
    {
        try
        {
            return await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RunOutcome { Status = RunStatus.Failed, Error = "stopped by the profiler" };
        }
    }

    private string NeverConnected(RunOutcome outcome, Task<DiagnosticsClientConnector> connecting)
    {
        if (connecting.IsFaulted)
        {
            return "could not listen on a diagnostic port: " + connecting.Exception.GetBaseException().Message;
        }

        var why = outcome.Status switch
        {
            RunStatus.TimedOut => $"timed out after {DurationText.Format(_timeout)} without its .NET runtime connecting to the profiler; process tree killed",
            RunStatus.StartFailed => outcome.Error ?? "could not be started",
            _ => $"exited ({(outcome.ExitCode is { } code ? "exit code " + code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no exit code")}) before its .NET runtime connected to the profiler",
        };
        return outcome.Status == RunStatus.StartFailed
            ? why
            : why + ". The command must be a .NET (JIT) app started directly or through exec (dotnet app.dll, an apphost, env …); "
              + "DOTNET_EnableDiagnostics=0 or DOTNET_EnableDiagnostics_IPC=0 in its environment turn the diagnostic port off, and a Native AOT app cannot be sampled (see --help)";
    }

    private static async Task DisposeQuietlyAsync(Task<DiagnosticsClientConnector> connecting)
    {
        try
        {
            if (await connecting.ConfigureAwait(false) is { } connector)
            {
                await connector.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or DiagnosticsClientException or System.Net.Sockets.SocketException)
        {
            // Nothing connected: nothing to close.
        }
    }

    /// <summary>Keywords of the runtime provider (Microsoft-Windows-DotNETRuntime).</summary>
    private static class RuntimeKeywords
    {
        public const long Loader = 0x8;
        public const long Jit = 0x10;
        public const long AssemblyLoader = 0x4;
    }
}
