namespace Aurora.Instrumentation.Lazy.Internal;

/// <summary>Adapts a synchronous factory to the asynchronous engine (it still runs on the thread pool).</summary>
internal static class SynchronousFactory
{
    public static Func<CancellationToken, Task<T>> AsAsync<T>(Func<CancellationToken, T> factory)
        => cancellationToken => Task.FromResult(factory(cancellationToken));
}
