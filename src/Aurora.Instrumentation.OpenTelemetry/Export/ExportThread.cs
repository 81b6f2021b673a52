using Aurora.Instrumentation.OpenTelemetry.Diagnostics;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// The one background thread of an export route, and its waits on the hand-off: for the ready milestone (or the exit)
/// and for the settle time after ready. A plain thread, not the thread pool (the pool's first use costs the app's
/// thread milliseconds), started without the app's execution context (no activity or AsyncLocal comes along).
/// </summary>
internal sealed class ExportThread
{
    /// <summary>
    /// How long after the ready milestone the export thread starts its work (unless the exit comes first). A command
    /// that ends within it persists its spans at exit on its own thread; starting work then would only compete with the
    /// exit. A first LLM call takes far longer than this.
    /// </summary>
    internal static readonly TimeSpan SettleAfterReady = TimeSpan.FromMilliseconds(100);

    private readonly TelemetryHandoff _handoff;
    private readonly Action<bool> _body;
    private int _started;
    private bool _warmUpFirst;

    /// <param name="handoff">Its gate is the lock every wait here uses.</param>
    /// <param name="body">The thread's work; its argument says whether it was started early to warm the exit path.</param>
    public ExportThread(TelemetryHandoff handoff, Action<bool> body)
    {
        _handoff = handoff;
        _body = body;
    }

    /// <summary>Starts the thread once; false when it had started before or could not start.</summary>
    public bool Start(bool warmUpFirst)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return false;
        }

        try
        {
            _warmUpFirst = warmUpFirst;
            var thread = new Thread(static state => ((ExportThread)state!).Run())
            {
                IsBackground = true,
                Name = "Aurora telemetry export",
            };
            thread.UnsafeStart(this);
            return true;
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(ExportThread), ex);
            return false;
        }
    }

    private void Run() => _body(_warmUpFirst);

    /// <summary>Waits for the ready milestone or <paramref name="closing"/>, whichever comes first.</summary>
    public void WaitForReadyOrExit(Func<bool> closing)
    {
        lock (_handoff.Gate)
        {
            while (!_handoff.RootStoppedUnderLock && !closing())
            {
                Monitor.Wait(_handoff.Gate);
            }
        }
    }

    /// <summary>Waits <see cref="SettleAfterReady"/>, or until <paramref name="closing"/>.</summary>
    public void Settle(Func<bool> closing)
    {
        var gate = _handoff.Gate;
        var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(SettleAfterReady.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        lock (gate)
        {
            while (!closing())
            {
                var remaining = deadline - System.Diagnostics.Stopwatch.GetTimestamp();
                if (remaining <= 0)
                {
                    return;
                }

                Monitor.Wait(gate, TimeSpan.FromSeconds(remaining / (double)System.Diagnostics.Stopwatch.Frequency));
            }
        }
    }
}
