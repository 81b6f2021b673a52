using Aurora.Instrumentation.Lazy.Internal;

namespace Aurora.Instrumentation;

/// <summary>
/// Work started on the thread pool at once (e.g. loading the embedding model) whose value callers await later.
/// Recorded as a background phase; each caller's wait is recorded, which answers "did background loading hide the
/// latency?" (<c>aurora.lazy.wait_ms</c> on the span, <see cref="PhaseReport.HiddenPercent"/> in the report, the
/// <c>aurora.startup.lazy.wait</c> histogram).
/// </summary>
/// <typeparam name="T">The loaded value.</typeparam>
/// <remarks>
/// Start it with <see cref="StartupTimelineLazyExtensions.StartBackgroundLoad{T}(StartupTimeline, string, Func{CancellationToken, Task{T}})"/>
/// (or <see cref="BackgroundLoad.Start{T}(Func{CancellationToken, Task{T}})"/> without a timeline). The factory runs
/// exactly once, never on the starting thread; its failure reaches every caller as the original exception; a caller's
/// token cancels only that caller's wait; the factory's own token is cancelled by <see cref="Dispose"/>, which also
/// disposes the value when it is <see cref="IDisposable"/> or <see cref="IAsyncDisposable"/>.
/// </remarks>
public sealed class BackgroundLoad<T> : IDisposable, IAsyncDisposable
{
    private readonly AsyncLazyCore<T> _core;

    internal BackgroundLoad(Func<CancellationToken, Task<T>> factory, LazyTelemetry? telemetry)
    {
        _core = new AsyncLazyCore<T>(this, factory, telemetry, retryOnFailure: false);
        _core.Start();
    }

    /// <summary>Whether the load has finished (with a value, a failure or, after <see cref="Dispose"/>, cancelled).</summary>
    public bool IsCompleted => _core.IsCompleted;

    internal AsyncLazyCore<T> Core => _core;

    /// <summary>The loaded value: completes when the load does, at once if it already has.</summary>
    /// <param name="cancellationToken">Cancels this caller's wait only; the load goes on for everyone else.</param>
    /// <returns>The value; faults with the factory's own exception when the load failed.</returns>
    /// <exception cref="ObjectDisposedException">The load was disposed.</exception>
    /// <exception cref="InvalidOperationException">Called from inside the factory (it would wait for itself).</exception>
    public Task<T> GetValueAsync(CancellationToken cancellationToken = default) => _core.GetValueAsync(cancellationToken);

    /// <summary>
    /// The loaded value, <b>blocking the calling thread</b> until the load finishes. Safe on a thread with a
    /// synchronisation context (the load never needs it), but prefer <see cref="GetValueAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels this caller's wait only.</param>
    /// <returns>The value; throws the factory's own exception when the load failed.</returns>
    /// <exception cref="ObjectDisposedException">The load was disposed.</exception>
    /// <exception cref="InvalidOperationException">Called from inside the factory (it would wait for itself).</exception>
    public T GetValueBlocking(CancellationToken cancellationToken = default) => _core.GetValueBlocking(cancellationToken);

    /// <summary>Cancels the factory's token if it is still running and disposes the value if one was created. Does not wait for the factory.</summary>
    public void Dispose() => _core.Dispose();

    /// <summary>Like <see cref="Dispose"/>, disposing an <see cref="IAsyncDisposable"/> value asynchronously.</summary>
    /// <returns>When the value is disposed.</returns>
    public ValueTask DisposeAsync() => _core.DisposeAsync();
}
