using System.Text;
using Aurora.Instrumentation.Internal;

namespace Aurora.Instrumentation.OpenTelemetry.Platform;

/// <summary>
/// An advisory <c>flock(2)</c> lock through libc (<c>creat</c>, <c>flock</c>, <c>close</c>, <c>__errno_location</c>;
/// none variadic): the exit path asks "is a sender running for this destination?" with four calls instead of a
/// <see cref="FileStream"/>'s first use. The lock is the kernel's: it goes with the descriptor, so a sender that dies
/// releases it. 64-bit Linux only (<see cref="LibC"/>); <see cref="IsAvailable"/> says whether it can be used.
/// </summary>
internal static unsafe class NativeFileLock
{
    /// <summary><see cref="TryLock"/>: another process (or descriptor) holds the lock.</summary>
    public const int Held = -1;

    /// <summary><see cref="TryLock"/>: the lock could not be taken for another reason.</summary>
    public const int Failed = -2;

    private const int OwnerReadWrite = 0x180;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int WouldBlock = 11; // EAGAIN/EWOULDBLOCK on x64 and arm64

    private static readonly nint s_creat = LibC.Find("creat");
    private static readonly nint s_flock = LibC.Find("flock");
    private static readonly nint s_close = LibC.Find("close");
    private static readonly nint s_errno = LibC.Find("__errno_location");

    public static bool IsAvailable => s_creat != 0 && s_flock != 0 && s_close != 0 && s_errno != 0;

    /// <summary>Takes the lock without waiting.</summary>
    /// <returns>The descriptor holding it (≥ 0); <see cref="Held"/> when another holds it; <see cref="Failed"/> on any other error.</returns>
    public static int TryLock(string path)
    {
        if (!IsAvailable)
        {
            return Failed;
        }

        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        _ = Encoding.UTF8.GetBytes(path, bytes);
        var creat = (delegate* unmanaged<byte*, int, int>)s_creat;
        var flock = (delegate* unmanaged<int, int, int>)s_flock;
        var close = (delegate* unmanaged<int, int>)s_close;
        var errno = (delegate* unmanaged<int*>)s_errno;
        fixed (byte* file = bytes)
        {
            // creat truncates: harmless for a lock file, which is always empty.
            var descriptor = creat(file, OwnerReadWrite);
            if (descriptor < 0)
            {
                return Failed;
            }

            if (flock(descriptor, LockExclusive | LockNonBlocking) == 0)
            {
                return descriptor;
            }

            var error = *errno();
            _ = close(descriptor);
            return error == WouldBlock ? Held : Failed;
        }
    }

    /// <summary>Releases a lock taken by <see cref="TryLock"/> (closing the descriptor releases it).</summary>
    public static void Unlock(int descriptor)
    {
        if (descriptor >= 0 && s_close != 0)
        {
            _ = ((delegate* unmanaged<int, int>)s_close)(descriptor);
        }
    }
}
