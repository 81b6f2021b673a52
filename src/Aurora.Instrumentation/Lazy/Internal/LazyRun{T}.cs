using System.Diagnostics;
using Aurora.Instrumentation.Diagnostics;

namespace Aurora.Instrumentation.Lazy.Internal;

/// <summary>
/// One attempt at producing a lazy value, shared by every caller that asks while it runs: its outcome (a task completed
/// off the completing thread, so no caller's continuation runs inside the factory's thread or needs the caller's
/// synchronisation context), its phase, and the ledger of who is waiting for it.
/// </summary>
/// <remarks>
/// The waits are accounted in O(1): a caller that arrives before the run finishes adds 1 to the pending count and its
/// arrival timestamp to a sum; at the finish the total wait of those callers is <c>count × finish − sum</c>, recorded on
/// the phase before the phase ends (its span is exported when it stops). Each waiter then records its own wait in the
/// histogram when it wakes. The sum may wrap around; unchecked two's-complement arithmetic keeps the difference exact.
/// </remarks>
internal sealed class LazyRun<T>
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<T> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly LazyTelemetry? _telemetry;
    private PhaseScope _scope;
    private bool _finished;
    private long _finishedTimestamp;
    private int _pendingWaiters;
    private long _pendingArrivalSum;

    public LazyRun(LazyTelemetry? telemetry)
    {
        _telemetry = telemetry;
    }

    public Task<T> Task => _outcome.Task;

    /// <summary>
    /// Opens the run's phase. For work that runs elsewhere (<paramref name="keepCallerSpanCurrent"/>) the caller's
    /// current span stays current, so the caller's next phases are not parented to the lazy's span.
    /// </summary>
    public void BeginPhase(bool keepCallerSpanCurrent)
    {
        if (_telemetry is null)
        {
            return;
        }

        var callerSpan = Activity.Current;
        var callerPhase = StartupTimeline.CapturePhaseFrame();
        _scope = _telemetry.BeginPhase();
        if (keepCallerSpanCurrent)
        {
            if (Activity.Current != callerSpan)
            {
                Activity.Current = callerSpan;
            }

            // The same for spans built from the timeline's records: their parent is the innermost open phase of the flow.
            StartupTimeline.RestorePhaseFrame(callerPhase);
        }
    }

    /// <summary>Makes the run's span current on the thread that executes the factory, so the factory's own spans nest under it.</summary>
    public void EnterPhaseSpan()
    {
        if (_scope.Activity is { } span)
        {
            Activity.Current = span;
        }

        _scope.Timeline?.EnterPhaseFrame(_scope.Index);
    }

    /// <summary>Registers a caller who must wait; <c>false</c> (and a zero wait recorded) when the run has finished already.</summary>
    public bool TryArrive(out long arrival)
    {
        arrival = 0;
        if (_telemetry is null)
        {
            return !Task.IsCompleted;
        }

        lock (_gate)
        {
            if (!_finished)
            {
                arrival = _telemetry.Now();
                _pendingWaiters++;
                _pendingArrivalSum = unchecked(_pendingArrivalSum + arrival);
                return true;
            }
        }

        RecordUnblockedCaller();
        return false;
    }

    /// <summary>A caller that found the value ready: counted (a zero wait) until the ready milestone.</summary>
    public void RecordUnblockedCaller()
    {
        if (_telemetry is { RecordsUnblockedCallers: true } telemetry)
        {
            telemetry.RecordOnPhase(in _scope, 0, 1);
            telemetry.RecordMetric(0);
        }
    }

    /// <summary>A registered caller stops waiting, because the run finished or because its own wait was cancelled.</summary>
    public void Depart(long arrival)
    {
        if (_telemetry is not { } telemetry)
        {
            return;
        }

        long wait;
        bool leftEarly;
        lock (_gate)
        {
            leftEarly = !_finished;
            if (leftEarly)
            {
                // Cancelled before the finish: take it out of the ledger and record what it did wait.
                _pendingWaiters--;
                _pendingArrivalSum = unchecked(_pendingArrivalSum - arrival);
                wait = telemetry.Now() - arrival;
            }
            else
            {
                wait = _finishedTimestamp - arrival;
            }
        }

        if (leftEarly)
        {
            telemetry.RecordOnPhase(in _scope, wait, 1);
        }

        telemetry.RecordMetric(wait);
    }

    /// <summary>Records the waits of the callers still waiting and ends the phase; call it before completing the outcome.</summary>
    public void Finish()
    {
        if (_telemetry is not { } telemetry)
        {
            return;
        }

        long totalWait;
        int waiters;
        lock (_gate)
        {
            var now = telemetry.Now();
            _finished = true;
            _finishedTimestamp = now;
            waiters = _pendingWaiters;
            totalWait = unchecked((waiters * now) - _pendingArrivalSum);
            _pendingWaiters = 0;
            _pendingArrivalSum = 0;
        }

        // Recorded even when nobody waited: a background span then says aurora.lazy.wait_ms=0, "hidden entirely".
        telemetry.RecordOnPhase(in _scope, totalWait, waiters);
        try
        {
            _scope.Dispose();
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(Finish), ex);
        }
    }

    public void Succeed(T value) => _outcome.TrySetResult(value);

    /// <summary>Completes the run with the factory's failure, keeping the original exception (and stack) for every caller.</summary>
    public void Fail(Exception exception, CancellationToken lifetime)
    {
        if (exception is OperationCanceledException && lifetime.IsCancellationRequested)
        {
            _outcome.TrySetCanceled(lifetime);
            return;
        }

        _outcome.TrySetException(exception);

        // Observed here, so a failure nobody awaited never reaches TaskScheduler.UnobservedTaskException;
        // callers that await still get it.
        _ = _outcome.Task.Exception;
    }

    /// <summary>Waits asynchronously for a caller registered by <see cref="TryArrive"/>; the caller's token cancels only this wait.</summary>
    public Task<T> WaitAsync(bool arrived, long arrival, CancellationToken cancellationToken)
    {
        if (!arrived || (_telemetry is null && !cancellationToken.CanBeCanceled))
        {
            return Task;
        }

        return WaitCoreAsync(arrival, cancellationToken);
    }

    /// <summary>Blocks a caller registered by <see cref="TryArrive"/> until the run finishes (or its token is cancelled); the caller reads the outcome.</summary>
    public void Block(bool arrived, long arrival, CancellationToken cancellationToken)
    {
        if (!arrived)
        {
            return;
        }

        try
        {
            Task.Wait(cancellationToken);
        }
        catch (AggregateException) when (Task.IsCompleted)
        {
            // The caller rethrows the original exception through GetAwaiter().GetResult().
        }
        finally
        {
            Depart(arrival);
        }
    }

    /// <summary>Callers waiting now (tests use it to order arrivals on a fake clock).</summary>
    internal int PendingWaiters
    {
        get
        {
            lock (_gate)
            {
                return _pendingWaiters;
            }
        }
    }

    private async Task<T> WaitCoreAsync(long arrival, CancellationToken cancellationToken)
    {
        try
        {
            return await Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Depart(arrival);
        }
    }
}
