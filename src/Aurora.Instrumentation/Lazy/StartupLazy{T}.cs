using Aurora.Instrumentation.Diagnostics;
using Aurora.Instrumentation.Internal;
using Aurora.Instrumentation.Lazy.Internal;

namespace Aurora.Instrumentation;

/// <summary>
/// A value created synchronously on first use (e.g. the configuration), recorded as a phase only when and where it is
/// first materialised: the span is a child of whatever span was current at that first use.
/// </summary>
/// <typeparam name="T">The value.</typeparam>
/// <remarks>
/// Create it with <see cref="StartupTimelineLazyExtensions.CreateLazy{T}(StartupTimeline, string, Func{T}, StartupLazyOptions?)"/>
/// (or the constructor, without telemetry). Like <see cref="Lazy{T}"/> in
/// <see cref="LazyThreadSafetyMode.ExecutionAndPublication"/> mode: the factory runs once, on the first caller's thread,
/// while concurrent callers block; a failure reaches every caller as the original exception and is kept unless
/// <see cref="StartupLazyOptions.RetryOnFailure"/> is set; a factory asking for its own value gets an
/// <see cref="InvalidOperationException"/>. <see cref="Dispose"/> disposes a created value that is disposable.
/// </remarks>
public sealed class StartupLazy<T> : IDisposable, IAsyncDisposable
{
    private readonly Lock _gate = new();

    private readonly FactoryExecutionMark _insideFactory = new();
    private readonly LazyTelemetry? _telemetry;
    private readonly bool _retryOnFailure;
    private Func<T>? _factory;
    private LazyRun<T>? _run;
    private LazyRun<T>? _created;
    private T _value = default!;
    private bool _disposed;

    /// <summary>A lazy value without a timeline (no telemetry).</summary>
    /// <param name="factory">Creates the value.</param>
    /// <param name="options">Options; <c>null</c> for the defaults.</param>
    public StartupLazy(Func<T> factory, StartupLazyOptions? options = null)
        : this(factory, options, telemetry: null)
    {
    }

    internal StartupLazy(Func<T> factory, StartupLazyOptions? options, LazyTelemetry? telemetry)
    {
        Guard.ThrowIfNull(factory);
        _factory = factory;
        _retryOnFailure = options?.RetryOnFailure ?? false;
        _telemetry = telemetry;
    }

    /// <summary>
    /// The value, created on the calling thread by the first call; concurrent first callers block until it exists.
    /// Throws the factory's own exception when the creation failed.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The lazy was disposed.</exception>
    /// <exception cref="InvalidOperationException">Asked for from inside the factory (it would wait for itself).</exception>
    public T Value
    {
        get
        {
            var created = Volatile.Read(ref _created);
            if (created is not null && !Volatile.Read(ref _disposed))
            {
                created.RecordUnblockedCaller();
                return _value;
            }

            return CreateOrWait();
        }
    }

    /// <summary>Whether the value has been created (and the lazy not disposed).</summary>
    public bool IsValueCreated => Volatile.Read(ref _created) is not null && !Volatile.Read(ref _disposed);

    /// <summary>Holds the factory while it has not succeeded (for tests of its release).</summary>
    internal bool HoldsFactory => Volatile.Read(ref _factory) is not null;

    /// <summary>Disposes the value if one was created and it is <see cref="IDisposable"/> or <see cref="IAsyncDisposable"/>.</summary>
    public void Dispose()
    {
        if (TryTakeValueForDisposal(out var value))
        {
            OwnedValue.Dispose(value);
        }
    }

    /// <summary>Like <see cref="Dispose"/>, disposing an <see cref="IAsyncDisposable"/> value asynchronously.</summary>
    /// <returns>When the value is disposed.</returns>
    public ValueTask DisposeAsync()
        => TryTakeValueForDisposal(out var value) ? OwnedValue.DisposeAsync(value) : default;

    private T CreateOrWait()
    {
        LazyRun<T> run;
        Func<T>? factory = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            run = _run!;
            if (run is null || (_retryOnFailure && run.Task.IsFaulted))
            {
                factory = _factory!;
                run = new LazyRun<T>(_telemetry);
                _run = run;
            }
            else if (!run.Task.IsCompleted && _insideFactory.IsInside)
            {
                throw LazyErrors.Recursive(this);
            }
        }

        if (factory is null)
        {
            // Another caller is creating it (or it failed for good): wait for that outcome and share it.
            var arrived = run.TryArrive(out var arrival);
            run.Block(arrived, arrival, CancellationToken.None);
            return run.Task.GetAwaiter().GetResult();
        }

        return Create(run, factory);
    }

    private T Create(LazyRun<T> run, Func<T> factory)
    {
        run.TryArrive(out var arrival);

        // The phase opens here, on the first caller's thread, so it nests under whatever that caller was doing.
        run.BeginPhase(keepCallerSpanCurrent: false);
        T value;
        _insideFactory.Enter();
        try
        {
            value = factory();
        }
        catch (Exception ex)
        {
            _insideFactory.Exit();
            run.Finish();
            if (!_retryOnFailure)
            {
                Volatile.Write(ref _factory, null);
            }

            run.Fail(ex, CancellationToken.None);
            run.Depart(arrival);
            throw;
        }

        _insideFactory.Exit();
        run.Finish();
        lock (_gate)
        {
            if (!_disposed)
            {
                _value = value;
                _factory = null;
                Volatile.Write(ref _created, run);
                run.Succeed(value);
                run.Depart(arrival);
                return value;
            }
        }

        // Disposed while the factory ran: the value has no owner left, so it is disposed and nobody gets it.
        try
        {
            OwnedValue.Dispose(value);
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException("late value disposal", ex);
        }

        var disposed = new ObjectDisposedException(GetType().Name);
        run.Fail(disposed, CancellationToken.None);
        run.Depart(arrival);
        throw disposed;
    }

    private bool TryTakeValueForDisposal(out T? value)
    {
        lock (_gate)
        {
            value = default;
            if (_disposed)
            {
                return false;
            }

            _disposed = true;
            _factory = null;
            if (_created is null)
            {
                return false;
            }

            value = _value;
            return true;
        }
    }
}
