using Aurora.Instrumentation.Internal;
using Aurora.Instrumentation.Lazy.Internal;

namespace Aurora.Instrumentation;

/// <summary>
/// Starts a <see cref="BackgroundLoad{T}"/> with no timeline (no telemetry). With a timeline, use
/// <see cref="StartupTimelineLazyExtensions.StartBackgroundLoad{T}(StartupTimeline, string, Func{CancellationToken, Task{T}})"/>.
/// </summary>
public static class BackgroundLoad
{
    /// <summary>Starts <paramref name="factory"/> on the thread pool and returns at once.</summary>
    /// <typeparam name="T">The loaded value.</typeparam>
    /// <param name="factory">The load; its token is cancelled when the returned load is disposed.</param>
    /// <returns>The running load.</returns>
    public static BackgroundLoad<T> Start<T>(Func<CancellationToken, Task<T>> factory)
    {
        Guard.ThrowIfNull(factory);
        return new BackgroundLoad<T>(factory, telemetry: null);
    }

    /// <summary>Starts the synchronous <paramref name="factory"/> on the thread pool and returns at once.</summary>
    /// <typeparam name="T">The loaded value.</typeparam>
    /// <param name="factory">The load; its token is cancelled when the returned load is disposed.</param>
    /// <returns>The running load.</returns>
    public static BackgroundLoad<T> Start<T>(Func<CancellationToken, T> factory)
    {
        Guard.ThrowIfNull(factory);
        return new BackgroundLoad<T>(SynchronousFactory.AsAsync(factory), telemetry: null);
    }
}
