using Aurora.Instrumentation.OpenTelemetry.Platform;

namespace Aurora.Instrumentation.OpenTelemetry.Delivery;

/// <summary>
/// At most one sender per destination: an exclusive, non-blocking lock on <c>sender.lock</c> in its spool folder. A
/// run that finds it held leaves its files to the sender holding it, which looks for new files after releasing it
/// (so a file written while it worked is never stranded). libc's <c>flock</c> where available (cheap enough for the
/// exit path), else a <see cref="FileStream"/> opened without sharing.
/// </summary>
internal sealed class SenderLock : IDisposable
{
    public const string FileName = "sender.lock";

    private readonly int _descriptor;
    private readonly FileStream? _stream;
    private int _disposed;

    private SenderLock(int descriptor, FileStream? stream)
    {
        _descriptor = descriptor;
        _stream = stream;
    }

    /// <summary>Takes the lock of the destination folder <paramref name="directory"/>, or <c>null</c> when another sender holds it (or it cannot be taken).</summary>
    public static SenderLock? TryAcquire(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (NativeFileLock.IsAvailable)
        {
            var descriptor = NativeFileLock.TryLock(path);
            return descriptor >= 0 ? new SenderLock(descriptor, null) : null;
        }

        try
        {
            return new SenderLock(-1, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether a sender holds the lock of <paramref name="directory"/> right now.</summary>
    public static bool IsHeld(string directory)
    {
        using var probe = TryAcquire(directory);
        return probe is null;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        NativeFileLock.Unlock(_descriptor);
        _stream?.Dispose();
    }
}
