using System.Runtime.InteropServices;

namespace Aurora.Instrumentation.Timeline;

/// <summary>
/// Reads a small Linux /proc file with libc's <c>open</c>/<c>pread</c>/<c>close</c>, found in the process's global
/// symbol scope. The timeline reads /proc at the top of <c>Main</c>, before the app has touched a file: there, the first
/// <see cref="File.OpenHandle"/> + <see cref="RandomAccess.Read(Microsoft.Win32.SafeHandles.SafeFileHandle, Span{byte}, long)"/>
/// costs ~3–4 ms under the JIT (SafeFileHandle and FileStream strategy set-up, share-mode locking, their interop
/// stubs), three calls into libc ~0.8 ms. Anything unexpected returns -1 and the caller falls back to the file APIs.
/// </summary>
internal static unsafe class ProcFile
{
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY (0) | O_CLOEXEC (02000000 on every Linux architecture .NET runs on)

    /// <summary>Reads up to <paramref name="buffer"/>'s length from the start of <paramref name="nulTerminatedPath"/>.</summary>
    /// <returns>The bytes read, or -1 when libc could not be used or the read failed.</returns>
    public static int Read(ReadOnlySpan<byte> nulTerminatedPath, Span<byte> buffer)
    {
        // 64-bit only: there, pread's off_t is 64 bits on every ABI (a 32-bit process may have the 32-bit pread).
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess || nulTerminatedPath.IsEmpty || nulTerminatedPath[^1] != 0)
        {
            return -1;
        }

        // dlopen(NULL): libc is always in the scope of a .NET process on Linux, glibc or musl, JIT or Native AOT.
        var scope = NativeLibrary.GetMainProgramHandle();
        if (!NativeLibrary.TryGetExport(scope, "open", out var openAddress)
            || !NativeLibrary.TryGetExport(scope, "pread", out var preadAddress)
            || !NativeLibrary.TryGetExport(scope, "close", out var closeAddress))
        {
            return -1;
        }

        var open = (delegate* unmanaged<byte*, int, int>)openAddress;
        var pread = (delegate* unmanaged<int, byte*, nint, long, nint>)preadAddress;
        var close = (delegate* unmanaged<int, int>)closeAddress;
        fixed (byte* path = nulTerminatedPath)
        fixed (byte* destination = buffer)
        {
            var descriptor = open(path, ReadOnlyCloseOnExec);
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
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess || nulTerminatedPath.IsEmpty || nulTerminatedPath[^1] != 0
            || !NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "readlink", out var readlinkAddress))
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
