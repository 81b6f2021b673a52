using Aurora.Instrumentation.Internal;
using Aurora.Instrumentation.Lazy.Internal;

namespace Aurora.Instrumentation;

/// <summary>
/// Lazy and background values recorded as startup phases (<c>startup.&lt;phase&gt;</c>, with <c>aurora.lazy.wait_ms</c>:
/// how long callers were blocked waiting for them).
/// </summary>
/// <example>
/// <code>
/// using var startup = StartupTimeline.Start("soar");
/// using var model = startup.StartBackgroundLoad(StartupPhases.ModelLoad, ct => EmbeddingModel.LoadAsync(ct));
/// using var config = startup.CreateLazy(StartupPhases.Config, () => AuroraConfig.Load());
/// using var store = startup.CreateAsyncLazy(StartupPhases.StoreInit, ct => Store.OpenAsync(config.Value, ct));
/// // ... other startup work while the model loads ...
/// var embeddings = await model.GetValueAsync();   // ideally no wait at all
/// </code>
/// </example>
public static class StartupTimelineLazyExtensions
{
    /// <summary>
    /// Starts <paramref name="factory"/> on the thread pool now and returns at once (not even the factory's synchronous
    /// prefix runs on the calling thread). Recorded as the background phase <paramref name="phase"/>, parented to the
    /// startup root, with the time callers spent waiting for it.
    /// </summary>
    /// <typeparam name="T">The loaded value.</typeparam>
    /// <param name="timeline">The startup timeline.</param>
    /// <param name="phase">The phase id, e.g. <see cref="StartupPhases.ModelLoad"/>.</param>
    /// <param name="factory">The load; its token is cancelled when the returned load is disposed.</param>
    /// <returns>The running load; await <see cref="BackgroundLoad{T}.GetValueAsync"/> where the value is needed.</returns>
    public static BackgroundLoad<T> StartBackgroundLoad<T>(this StartupTimeline timeline, string phase, Func<CancellationToken, Task<T>> factory)
    {
        var telemetry = TelemetryFor(timeline, phase, background: true);
        Guard.ThrowIfNull(factory);
        return new BackgroundLoad<T>(factory, telemetry);
    }

    /// <summary>
    /// Starts the synchronous <paramref name="factory"/> on the thread pool now and returns at once. Recorded as the
    /// background phase <paramref name="phase"/>, parented to the startup root, with the time callers spent waiting for it.
    /// </summary>
    /// <typeparam name="T">The loaded value.</typeparam>
    /// <param name="timeline">The startup timeline.</param>
    /// <param name="phase">The phase id, e.g. <see cref="StartupPhases.ModelLoad"/>.</param>
    /// <param name="factory">The load; its token is cancelled when the returned load is disposed.</param>
    /// <returns>The running load; await <see cref="BackgroundLoad{T}.GetValueAsync"/> where the value is needed.</returns>
    public static BackgroundLoad<T> StartBackgroundLoad<T>(this StartupTimeline timeline, string phase, Func<CancellationToken, T> factory)
    {
        var telemetry = TelemetryFor(timeline, phase, background: true);
        Guard.ThrowIfNull(factory);
        return new BackgroundLoad<T>(SynchronousFactory.AsAsync(factory), telemetry);
    }

    /// <summary>
    /// A value created synchronously on first use, recorded as the phase <paramref name="phase"/> when and where it is
    /// first materialised (never, if nobody asks for it).
    /// </summary>
    /// <typeparam name="T">The value.</typeparam>
    /// <param name="timeline">The startup timeline.</param>
    /// <param name="phase">The phase id, e.g. <see cref="StartupPhases.Config"/>.</param>
    /// <param name="factory">Creates the value.</param>
    /// <param name="options">Options; <c>null</c> for the defaults.</param>
    /// <returns>The lazy value.</returns>
    public static StartupLazy<T> CreateLazy<T>(this StartupTimeline timeline, string phase, Func<T> factory, StartupLazyOptions? options = null)
        => new(factory, options, TelemetryFor(timeline, phase, background: false));

    /// <summary>
    /// A value created asynchronously (on the thread pool) on first use, recorded as the phase <paramref name="phase"/>
    /// when and where it is first asked for.
    /// </summary>
    /// <typeparam name="T">The value.</typeparam>
    /// <param name="timeline">The startup timeline.</param>
    /// <param name="phase">The phase id, e.g. <see cref="StartupPhases.StoreInit"/>.</param>
    /// <param name="factory">Creates the value; its token is cancelled when the lazy is disposed.</param>
    /// <param name="options">Options (retry on failure); <c>null</c> for the defaults.</param>
    /// <returns>The lazy value.</returns>
    public static StartupAsyncLazy<T> CreateAsyncLazy<T>(this StartupTimeline timeline, string phase, Func<CancellationToken, Task<T>> factory, StartupLazyOptions? options = null)
        => new(factory, options, TelemetryFor(timeline, phase, background: false));

    private static LazyTelemetry TelemetryFor(StartupTimeline timeline, string phase, bool background)
    {
        Guard.ThrowIfNull(timeline);
        Guard.ThrowIfNullOrWhiteSpace(phase);
        return new LazyTelemetry(timeline, phase, background);
    }
}
