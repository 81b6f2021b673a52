using Aurora.Instrumentation.Internal;
using Aurora.Instrumentation.Lazy.Internal;

namespace Aurora.Instrumentation;

/// <summary>
/// A value created asynchronously on first use (e.g. opening and migrating the local store), recorded as a phase where
/// it is first asked for.
/// </summary>
/// <typeparam name="T">The value.</typeparam>
/// <remarks>
/// Create it with <see cref="StartupTimelineLazyExtensions.CreateAsyncLazy{T}(StartupTimeline, string, Func{CancellationToken, Task{T}}, StartupLazyOptions?)"/>
/// (or the constructor, without telemetry). The factory runs on the thread pool, once for all concurrent callers; its
/// failure reaches every caller as the original exception and is kept unless <see cref="StartupLazyOptions.RetryOnFailure"/>
/// is set; a caller's token cancels only that caller's wait; the factory's own token is cancelled by <see cref="Dispose"/>,
/// which also disposes the value when it is <see cref="IDisposable"/> or <see cref="IAsyncDisposable"/>.
/// </remarks>
public sealed class StartupAsyncLazy<T> : IDisposable, IAsyncDisposable
{
    private readonly AsyncLazyCore<T> _core;

    /// <summary>An asynchronous lazy value without a timeline (no telemetry).</summary>
    /// <param name="factory">Creates the value; its token is cancelled when the lazy is disposed.</param>
    /// <param name="options">Options; <c>null</c> for the defaults.</param>
    public StartupAsyncLazy(Func<CancellationToken, Task<T>> factory, StartupLazyOptions? options = null)
        : this(factory, options, telemetry: null)
    {
    }

    internal StartupAsyncLazy(Func<CancellationToken, Task<T>> factory, StartupLazyOptions? options, LazyTelemetry? telemetry)
    {
        Guard.ThrowIfNull(factory);
        _core = new AsyncLazyCore<T>(this, factory, telemetry, options?.RetryOnFailure ?? false);
    }

    /// <summary>Whether the value has been created (and the lazy not disposed).</summary>
    public bool IsValueCreated => _core.IsValueCreated;

    internal AsyncLazyCore<T> Core => _core;

    /// <summary>The value, starting its creation on the first call.</summary>
    /// <param name="cancellationToken">Cancels this caller's wait only; the creation goes on for everyone else.</param>
    /// <returns>The value; faults with the factory's own exception when the creation failed.</returns>
    /// <exception cref="ObjectDisposedException">The lazy was disposed.</exception>
    /// <exception cref="InvalidOperationException">Called from inside the factory (it would wait for itself).</exception>
    public Task<T> GetValueAsync(CancellationToken cancellationToken = default) => _core.GetValueAsync(cancellationToken);

    /// <summary>
    /// The value, <b>blocking the calling thread</b> until it is created. Safe on a thread with a synchronisation context
    /// (the factory never runs on it), but prefer <see cref="GetValueAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels this caller's wait only.</param>
    /// <returns>The value; throws the factory's own exception when the creation failed.</returns>
    /// <exception cref="ObjectDisposedException">The lazy was disposed.</exception>
    /// <exception cref="InvalidOperationException">Called from inside the factory (it would wait for itself).</exception>
    public T GetValueBlocking(CancellationToken cancellationToken = default) => _core.GetValueBlocking(cancellationToken);

    /// <summary>Cancels the factory's token if it is running and disposes the value if one was created. Does not wait for the factory.</summary>
    public void Dispose() => _core.Dispose();

    /// <summary>Like <see cref="Dispose"/>, disposing an <see cref="IAsyncDisposable"/> value asynchronously.</summary>
    /// <returns>When the value is disposed.</returns>
    public ValueTask DisposeAsync() => _core.DisposeAsync();
}
