namespace Aurora.Instrumentation.Lazy.Internal;

/// <summary>Disposes a value a lazy created and therefore owns.</summary>
internal static class OwnedValue
{
    public static void Dispose(object? value)
    {
        switch (value)
        {
            case IDisposable disposable:
                disposable.Dispose();
                break;
            case IAsyncDisposable asyncDisposable:
                // Only asynchronously disposable: a synchronous Dispose has to wait for it. It runs on the thread pool
                // so that the wait cannot need the caller's synchronisation context.
                Task.Run(() => asyncDisposable.DisposeAsync().AsTask()).GetAwaiter().GetResult();
                break;
            default:
                break;
        }
    }

    public static ValueTask DisposeAsync(object? value)
    {
        switch (value)
        {
            case IAsyncDisposable asyncDisposable:
                return asyncDisposable.DisposeAsync();
            case IDisposable disposable:
                disposable.Dispose();
                return default;
            default:
                return default;
        }
    }
}
