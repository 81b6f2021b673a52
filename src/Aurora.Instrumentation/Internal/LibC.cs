using System.Runtime.InteropServices;

namespace Aurora.Instrumentation.Internal;

/// <summary>
/// libc functions found in the process's global symbol scope, for the few first-use-heavy steps the libraries do with
/// direct calls instead (reading /proc, writing a spool file). 64-bit Linux only: there, <c>off_t</c>, <c>ssize_t</c>
/// and <c>size_t</c> are 64 bits on every ABI .NET runs on, so one fixed-argument signature fits glibc and musl alike.
/// </summary>
internal static class LibC
{
    /// <summary>The address of <paramref name="name"/>, or 0 on another OS, in a 32-bit process or when it is missing.</summary>
    public static nint Find(string name)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return 0;
        }

        // dlopen(NULL): libc is always in the scope of a .NET process on Linux, glibc or musl, JIT or Native AOT.
        return NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), name, out var address) ? address : 0;
    }
}
