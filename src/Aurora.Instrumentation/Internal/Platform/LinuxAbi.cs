using System.Runtime.InteropServices;

namespace Aurora.Instrumentation.Internal;

/// <summary>
/// The Linux constants the platform code passes to libc. Most are the same on every architecture; the two open flags
/// that are not (<c>O_DIRECTORY</c>, <c>O_NOFOLLOW</c>: arm64 and powerpc use the old ARM values, x64 and the others
/// the generic ones) are known for x64 and arm64 only, and elsewhere the managed fallback is used.
/// </summary>
internal static class LinuxAbi
{
    public const int OpenReadOnly = 0;
    public const int OpenNonBlocking = 0x800;   // O_NONBLOCK, 04000 on x64 and arm64
    public const int OpenCloseOnExec = 0x80000; // O_CLOEXEC, 02000000 on x64 and arm64

    public const int AtCurrentDirectory = -100; // AT_FDCWD
    public const int AtSymlinkNoFollow = 0x100; // AT_SYMLINK_NOFOLLOW
    public const int AtEmptyPath = 0x1000;      // AT_EMPTY_PATH

    /// <summary>STATX_TYPE | STATX_MODE | STATX_UID | STATX_SIZE.</summary>
    public const uint StatxTypeModeUidSize = 0x1 | 0x2 | 0x8 | 0x200;

    /// <summary><c>sizeof(struct statx)</c>: the kernel's layout, the same on every architecture.</summary>
    public const int StatxSize = 256;
    public const int StatxUidOffset = 20;  // __u32 stx_uid
    public const int StatxModeOffset = 28; // __u16 stx_mode
    public const int StatxSizeOffset = 40; // __u64 stx_size

    public const int FileTypeMask = 0xF000; // S_IFMT
    public const int PermissionMask = 0xFFF; // setuid, setgid, sticky and rwx for user, group, others

    // errno values: the asm-generic numbering, shared by x64 and arm64.
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int ENFILE = 23;
    public const int EMFILE = 24;
    public const int ENOSPC = 28;
    public const int EROFS = 30;
    public const int ENAMETOOLONG = 36;
    public const int ENOSYS = 38;
    public const int ELOOP = 40;
    public const int EDQUOT = 122;

    /// <summary>Whether this process is 64-bit Linux on an architecture whose flag values are known here (x64, arm64).</summary>
    public static bool IsKnownArchitecture
        => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary><c>O_NOFOLLOW</c>: 0400000 on x64, 0100000 on arm64.</summary>
    public static int OpenNoFollow => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;

    /// <summary><c>O_DIRECTORY</c>: 0200000 on x64, 040000 on arm64.</summary>
    public static int OpenDirectory => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;
}
