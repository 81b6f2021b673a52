using System.Runtime.InteropServices;

namespace Aurora.Instrumentation.Internal;

/// <summary>
/// libc functions found in the process's global symbol scope, called through function pointers: the one place the
/// libraries' platform code gets them (reading /proc and files, writing the report and the spool). 64-bit Linux only:
/// there, <c>off_t</c>, <c>ssize_t</c> and <c>size_t</c> are 64 bits and <c>mode_t</c>, <c>uid_t</c> 32 bits on every
/// ABI .NET runs on, so one fixed-argument signature fits glibc and musl alike.
/// </summary>
/// <remarks>
/// <para>
/// <b>The rule for variadic functions: never call one through a fixed-argument pointer</b> (the caller of a variadic
/// function must follow the variadic calling convention, which a function pointer type cannot express; on some ABIs the
/// arguments land in the wrong place). Use the non-variadic equivalent instead: <c>creat</c> to create and truncate,
/// <c>mkostemp</c> to create a new file exclusively, glibc's <c>__open_2(path, flags)</c> for an <c>open</c> without
/// <c>O_CREAT</c>, <c>statx</c> (the kernel's architecture-independent <c>struct statx</c>) for <c>stat</c>,
/// <c>lstat</c> and <c>fstat</c>. Where a symbol is missing (musl has no <c>__open_2</c>; other operating systems), the
/// caller uses the managed fallback.
/// </para>
/// <para>
/// errno is read with <see cref="Marshal.GetLastSystemError"/> right after a failed call. It only chooses the words of
/// a message, never whether something is safe: every safety decision is made from what <c>statx</c> returned.
/// </para>
/// </remarks>
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
