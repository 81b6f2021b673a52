namespace Aurora.Instrumentation.Internal;

/// <summary>
/// Reads a small Linux /proc file with libc's <c>__open_2</c>/<c>pread</c>/<c>close</c> (<see cref="LibC"/>'s rule:
/// <c>open</c> is variadic, glibc's <c>__open_2</c> is its fixed-argument form for an open without <c>O_CREAT</c>).
/// The timeline reads /proc at the top of <c>Main</c>, before the app has touched a file: there, the first
/// <see cref="File.OpenHandle"/> + <see cref="RandomAccess.Read(Microsoft.Win32.SafeHandles.SafeFileHandle, Span{byte}, long)"/>
/// costs ~3–4 ms under the JIT (SafeFileHandle and FileStream strategy set-up, share-mode locking, their interop
/// stubs), three calls into libc ~0.8 ms. Anything unexpected — musl, which has no <c>__open_2</c>, included — returns
/// -1 and the caller falls back to the file APIs.
/// </summary>
internal static unsafe class ProcFile
{
    /// <summary>Reads up to <paramref name="buffer"/>'s length from the start of <paramref name="nulTerminatedPath"/>.</summary>
    /// <returns>The bytes read, or -1 when libc could not be used or the read failed.</returns>
    public static int Read(ReadOnlySpan<byte> nulTerminatedPath, Span<byte> buffer)
    {
        if (nulTerminatedPath.IsEmpty || nulTerminatedPath[^1] != 0)
        {
            return -1;
        }

        var openAddress = LibC.Find("__open_2");
        var preadAddress = LibC.Find("pread");
        var closeAddress = LibC.Find("close");
        if (openAddress == 0 || preadAddress == 0 || closeAddress == 0)
        {
            return -1;
        }

        var open = (delegate* unmanaged<byte*, int, int>)openAddress;
        var pread = (delegate* unmanaged<int, byte*, nint, long, nint>)preadAddress;
        var close = (delegate* unmanaged<int, int>)closeAddress;
        fixed (byte* path = nulTerminatedPath)
        fixed (byte* destination = buffer)
        {
            // O_RDONLY | O_CLOEXEC: the same values on every Linux architecture.
            var descriptor = open(path, LinuxAbi.OpenReadOnly | LinuxAbi.OpenCloseOnExec);
            if (descriptor < 0)
            {
                return -1;
            }

            var read = pread(descriptor, destination, buffer.Length, 0);
            _ = close(descriptor);
            return read < 0 ? -1 : (int)read;
        }
    }

    /// <summary>The target of the symbolic link <paramref name="nulTerminatedPath"/> (e.g. <c>/proc/self/exe</c>) into <paramref name="buffer"/>.</summary>
    /// <returns>The bytes written (not NUL-terminated), or -1 when libc could not be used, the call failed or the buffer was too small.</returns>
    public static int ReadLink(ReadOnlySpan<byte> nulTerminatedPath, Span<byte> buffer)
    {
        var readlinkAddress = LibC.Find("readlink");
        if (nulTerminatedPath.IsEmpty || nulTerminatedPath[^1] != 0 || readlinkAddress == 0)
        {
            return -1;
        }

        var readlink = (delegate* unmanaged<byte*, byte*, nint, nint>)readlinkAddress;
        fixed (byte* path = nulTerminatedPath)
        fixed (byte* destination = buffer)
        {
            var length = readlink(path, destination, buffer.Length);
            return length < 0 || length >= buffer.Length ? -1 : (int)length;
        }
    }
}
