namespace Aurora.Instrumentation.Tests.Lazy.Support;

internal sealed class DisposableValue : IDisposable
{
    private int _disposals;

    public int Disposals => Volatile.Read(ref _disposals);

    public void Dispose() => Interlocked.Increment(ref _disposals);
}

internal sealed class AsyncDisposableValue : IAsyncDisposable
{
    private int _disposals;

    public int Disposals => Volatile.Read(ref _disposals);

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        Interlocked.Increment(ref _disposals);
    }
}
