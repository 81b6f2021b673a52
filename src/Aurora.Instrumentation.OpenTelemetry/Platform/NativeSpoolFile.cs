using System.Text;
using Aurora.Instrumentation.Internal;

namespace Aurora.Instrumentation.OpenTelemetry.Platform;

/// <summary>
/// Writes a spool file with libc's <c>creat</c>/<c>write</c>/<c>close</c>/<c>rename</c>, found in the process's global
/// symbol scope (as the core's <c>ProcFile</c> reads /proc). A command that exits right after ready writes its spans
/// here on its own thread, and there the first <see cref="FileStream"/> (SafeFileHandle, the stream strategy,
/// share-mode locking) and <see cref="File.Move(string, string, bool)"/> cost ~4–5 ms even with every assembly
/// precompiled (measured in the export probe built from the packages); four libc calls cost well under 1 ms. Linux,
/// 64-bit only; anything unexpected returns <c>false</c> having left nothing behind, and the caller writes the same file
/// with the file APIs (which also produce the error message).
/// </summary>
internal static unsafe class NativeSpoolFile
{
    /// <summary>Owner read and write (0600); the process umask can only narrow it.</summary>
    private const int OwnerReadWrite = 0x180;

    // Looked up once: the export thread's warm-up touches this class before the exit needs it.
    private static readonly nint s_creat = LibC.Find("creat");
    private static readonly nint s_write = LibC.Find("write");
    private static readonly nint s_close = LibC.Find("close");
    private static readonly nint s_rename = LibC.Find("rename");
    private static readonly nint s_unlink = LibC.Find("unlink");
    private static readonly nint s_access = LibC.Find("access");

    /// <summary>Whether this process can write through libc (64-bit Linux with the five functions found).</summary>
    public static bool IsAvailable => s_creat != 0 && s_write != 0 && s_close != 0 && s_rename != 0 && s_unlink != 0;

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="temporary"/> (created 0600), then renames it to <paramref name="final"/>.</summary>
    public static bool TryWrite(string temporary, string final, ReadOnlySpan<byte> bytes)
    {
        if (!IsAvailable)
        {
            return false;
        }

        // creat, not the variadic open: a variadic function must not be called through a fixed-argument pointer.
        // The temporary name is this process's own (pid, sequence and a random part), so O_EXCL is not needed.
        var creat = (delegate* unmanaged<byte*, int, int>)s_creat;
        var write = (delegate* unmanaged<int, byte*, nint, nint>)s_write;
        var close = (delegate* unmanaged<int, int>)s_close;
        var rename = (delegate* unmanaged<byte*, byte*, int>)s_rename;
        var unlink = (delegate* unmanaged<byte*, int>)s_unlink;
        var temporaryPath = NulTerminated(temporary);
        var finalPath = NulTerminated(final);
        fixed (byte* from = temporaryPath)
        fixed (byte* to = finalPath)
        fixed (byte* data = bytes)
        {
            var descriptor = creat(from, OwnerReadWrite);
            if (descriptor < 0)
            {
                return false;
            }

            // write may write less than asked (a signal, a full pipe): loop, bounded by the bytes left.
            var written = 0;
            while (written < bytes.Length)
            {
                var count = write(descriptor, data + written, bytes.Length - written);
                if (count <= 0)
                {
                    break;
                }

                written += (int)count;
            }

            var closed = close(descriptor) == 0;
            if (written == bytes.Length && closed && rename(from, to) == 0)
            {
                return true;
            }

            _ = unlink(from);
            return false;
        }
    }

    /// <summary>Whether <paramref name="path"/> exists: one <c>access(2)</c> where libc is at hand (the exit path asks), else <see cref="File.Exists"/>.</summary>
    public static bool Exists(string path)
    {
        if (s_access == 0)
        {
            return File.Exists(path);
        }

        var bytes = NulTerminated(path);
        fixed (byte* name = bytes)
        {
            return ((delegate* unmanaged<byte*, int, int>)s_access)(name, 0) == 0; // F_OK
        }
    }

    private static byte[] NulTerminated(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        _ = Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }
}
