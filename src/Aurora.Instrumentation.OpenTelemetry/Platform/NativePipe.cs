using Aurora.Instrumentation.Internal;

namespace Aurora.Instrumentation.OpenTelemetry.Platform;

/// <summary>
/// A pipe between the app and the sender it starts early (libc <c>pipe2</c>, <c>write</c>, <c>close</c>; none
/// variadic): the app keeps the write end, the sender reads. A byte says "files are waiting"; the end of the pipe says
/// "the app has exited, everything it had is on disk" — the kernel closes the write end when the app's process ends,
/// however it ends, so the sender never needs to be told, nor to poll. 64-bit Linux only (<see cref="LibC"/>).
/// </summary>
internal static unsafe class NativePipe
{
    private const int CloseOnExec = 0x80000; // O_CLOEXEC: 02000000 on every Linux architecture .NET runs on

    private static readonly nint s_pipe2 = LibC.Find("pipe2");
    private static readonly nint s_write = LibC.Find("write");
    private static readonly nint s_close = LibC.Find("close");

    public static bool IsAvailable => s_pipe2 != 0 && s_write != 0 && s_close != 0;

    /// <summary>A new pipe, both ends close-on-exec; false when it cannot be made.</summary>
    public static bool TryCreate(out int readEnd, out int writeEnd)
    {
        readEnd = writeEnd = -1;
        if (!IsAvailable)
        {
            return false;
        }

        var ends = stackalloc int[2];
        if (((delegate* unmanaged<int*, int, int>)s_pipe2)(ends, CloseOnExec) != 0)
        {
            return false;
        }

        readEnd = ends[0];
        writeEnd = ends[1];
        return true;
    }

    /// <summary>Writes one byte; false when the reader is gone (the runtime ignores SIGPIPE: the write just fails).</summary>
    public static bool TryWriteByte(int descriptor)
    {
        byte one = 1;
        return descriptor >= 0 && s_write != 0 && ((delegate* unmanaged<int, byte*, nint, nint>)s_write)(descriptor, &one, 1) == 1;
    }

    public static void Close(int descriptor)
    {
        if (descriptor >= 0 && s_close != 0)
        {
            _ = ((delegate* unmanaged<int, int>)s_close)(descriptor);
        }
    }
}
