using Aurora.Instrumentation.Diagnostics;

namespace Aurora.Instrumentation.Lazy.Internal;

/// <summary>
/// The engine of <see cref="BackgroundLoad{T}"/> and <see cref="StartupAsyncLazy{T}"/>: runs the factory on the thread
/// pool at most once at a time, shares the run with every caller, and owns the factory's cancellation token and the value.
/// </summary>
internal sealed class AsyncLazyCore<T> : IDisposable
{
    private readonly Lock _gate = new();

    // Owned by the lazy and handed to the factory; cancelled only by Dispose, never by a caller's token. Never disposed:
    // it has no timer and no wait handle, and a factory that is still running may keep using its token.
    private readonly CancellationTokenSource _lifetime = new();

    private readonly FactoryExecutionMark _insideFactory = new();
    private readonly object _owner;
    private readonly LazyTelemetry? _telemetry;
    private readonly bool _retryOnFailure;
    private Func<CancellationToken, Task<T>>? _factory;
    private LazyRun<T>? _run;
    private bool _disposed;

    public AsyncLazyCore(object owner, Func<CancellationToken, Task<T>> factory, LazyTelemetry? telemetry, bool retryOnFailure)
    {
        _owner = owner;
        _factory = factory;
        _telemetry = telemetry;
        _retryOnFailure = retryOnFailure;
    }

    public bool IsValueCreated => Volatile.Read(ref _run) is { Task.IsCompletedSuccessfully: true } && !Volatile.Read(ref _disposed);

    public bool IsCompleted => Volatile.Read(ref _run) is { Task.IsCompleted: true };

    /// <summary>Holds the factory while it has not succeeded (for tests of its release).</summary>
    internal bool HoldsFactory => Volatile.Read(ref _factory) is not null;

    /// <summary>The current run's outcome without counting a caller (tests, benchmarks).</summary>
    internal Task<T>? Completion => Volatile.Read(ref _run)?.Task;

    /// <summary>Callers waiting for the current run (tests use it to order arrivals on a fake clock).</summary>
    internal int PendingWaiters => Volatile.Read(ref _run)?.PendingWaiters ?? 0;

    /// <summary>Starts the first run now (a background load), with no caller waiting yet.</summary>
    public void Start()
    {
        var run = GetOrCreateRun(out var factory);
        if (factory is not null)
        {
            Execute(run, factory);
        }
    }

    public Task<T> GetValueAsync(CancellationToken cancellationToken)
    {
        if (TryGetCreated(out var created))
        {
            return created.Task;
        }

        // The caller is registered before the factory is queued, so its wait covers all of the run.
        var run = GetOrCreateRun(out var factory);
        var arrived = run.TryArrive(out var arrival);
        if (factory is not null)
        {
            Execute(run, factory);
        }

        return run.WaitAsync(arrived, arrival, cancellationToken);
    }

    public T GetValueBlocking(CancellationToken cancellationToken)
    {
        if (!TryGetCreated(out var run))
        {
            run = GetOrCreateRun(out var factory);
            var arrived = run.TryArrive(out var arrival);
            if (factory is not null)
            {
                Execute(run, factory);
            }

            run.Block(arrived, arrival, cancellationToken);
        }

        return run.Task.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        if (TryTakeValueForDisposal(out var value))
        {
            OwnedValue.Dispose(value);
        }
    }

    public ValueTask DisposeAsync()
        => TryTakeValueForDisposal(out var value) ? OwnedValue.DisposeAsync(value) : default;

    private bool TryGetCreated(out LazyRun<T> run)
    {
        run = Volatile.Read(ref _run)!;
        if (run is { Task.IsCompletedSuccessfully: true } && !Volatile.Read(ref _disposed))
        {
            run.RecordUnblockedCaller();
            return true;
        }

        return false;
    }

    /// <summary>The run to wait for; a new one (with the factory to run, which the caller then queues) when none is usable.</summary>
    private LazyRun<T> GetOrCreateRun(out Func<CancellationToken, Task<T>>? factory)
    {
        factory = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, _owner);
            var current = _run;
            if (current is not null && !(_retryOnFailure && current.Task is { IsCompleted: true, IsCompletedSuccessfully: false }))
            {
                if (!current.Task.IsCompleted && _insideFactory.IsInside)
                {
                    throw LazyErrors.Recursive(_owner);
                }

                return current;
            }

            factory = _factory!;
            var run = new LazyRun<T>(_telemetry);
            run.BeginPhase(keepCallerSpanCurrent: true);
            Volatile.Write(ref _run, run);
            return run;
        }
    }

    // Never inline: even the factory's synchronous prefix runs on the thread pool, off the caller's thread and outside
    // its synchronisation context.
    private void Execute(LazyRun<T> run, Func<CancellationToken, Task<T>> factory)
        => _ = Task.Run(() => ExecuteAsync(run, factory));

    private async Task ExecuteAsync(LazyRun<T> run, Func<CancellationToken, Task<T>> factory)
    {
        _insideFactory.Enter();
        run.EnterPhaseSpan();
        T value;
        try
        {
            value = await factory(_lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            run.Finish();
            if (!_retryOnFailure)
            {
                Volatile.Write(ref _factory, null);
            }

            run.Fail(ex, _lifetime.Token);
            return;
        }

        run.Finish();
        lock (_gate)
        {
            if (!_disposed)
            {
                _factory = null;
                run.Succeed(value);
                return;
            }
        }

        // Disposed while the factory ran: the value has no owner left, so it is disposed and nobody gets it.
        try
        {
            await OwnedValue.DisposeAsync(value).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException("late value disposal", ex);
        }

        run.Fail(new ObjectDisposedException(_owner.GetType().Name), _lifetime.Token);
    }

    /// <summary>Marks the lazy disposed and cancels the factory; true with the value when one was created (the caller disposes it).</summary>
    private bool TryTakeValueForDisposal(out T? value)
    {
        value = default;
        LazyRun<T>? run;
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            _disposed = true;
            _factory = null;
            run = _run;
        }

        try
        {
            _lifetime.Cancel();
        }
        catch (AggregateException ex)
        {
            // A callback the factory registered on its token threw; the lazy is being disposed regardless.
            AuroraInstrumentationEventSource.Log.SwallowedException("factory cancellation", ex);
        }

        if (run is { Task.IsCompletedSuccessfully: true })
        {
            value = run.Task.Result;
            return true;
        }

        return false;
    }
}
