using System.Runtime.InteropServices;
using System.Text;

namespace Aurora.Instrumentation.Internal;

/// <summary>
/// The libc side of the platform layer (64-bit Linux, x64 and arm64), following <see cref="LibC"/>'s rule for variadic
/// functions: <c>__open_2</c> instead of <c>open</c>, <c>mkostemp</c> for an exclusive new file, <c>statx</c> instead of
/// <c>stat</c>/<c>lstat</c>/<c>fstat</c>. Every operation returns <see cref="NativeOutcome.Unavailable"/> when a function
/// it needs is missing (musl has no <c>__open_2</c>) or the kernel refuses <c>statx</c> (a seccomp filter), and the
/// caller uses <see cref="ManagedFileCalls"/>. Functions are looked up per operation: a lookup is one <c>dlsym</c>, and
/// nothing is kept in static state.
/// </summary>
internal static unsafe class LinuxFileCalls
{
    private const int OwnerOnlyDirectory = 0x1C0; // 0700

    public static bool TryDescribe(string path, bool followLinks, out PathDescription description)
    {
        description = default;
        var statx = LinuxAbi.IsKnownArchitecture ? LibC.Find("statx") : 0;
        if (statx == 0 || NulTerminated(path) is not { } native)
        {
            return false;
        }

        fixed (byte* p = native)
        {
            return TryStatx(statx, LinuxAbi.AtCurrentDirectory, p, followLinks ? 0 : LinuxAbi.AtSymlinkNoFollow, out description);
        }
    }

    public static long EffectiveUid()
    {
        var geteuid = LibC.Find("geteuid");
        return geteuid == 0 ? -1 : ((delegate* unmanaged<uint>)geteuid)();
    }

    /// <summary>
    /// Reads a regular file without blocking: <c>statx</c> first (a FIFO or a device is refused without being opened),
    /// then <c>__open_2</c> with <c>O_NONBLOCK | O_CLOEXEC</c> (+ <c>O_NOFOLLOW</c>), <c>statx</c> of the open
    /// descriptor (what was opened is what is checked), and reads of at most <paramref name="maxBytes"/> + 1 bytes.
    /// </summary>
    public static NativeOutcome TryRead(string path, int maxBytes, bool followLinks, out byte[] bytes, out FileProblem? problem)
    {
        bytes = [];
        problem = null;
        if (!LinuxAbi.IsKnownArchitecture)
        {
            return NativeOutcome.Unavailable;
        }

        var open2 = LibC.Find("__open_2");
        var read = LibC.Find("read");
        var close = LibC.Find("close");
        var statx = LibC.Find("statx");
        if (open2 == 0 || read == 0 || close == 0 || statx == 0)
        {
            return NativeOutcome.Unavailable;
        }

        if (NulTerminated(path) is not { } native)
        {
            problem = ContainsNul(path);
            return NativeOutcome.Failed;
        }

        fixed (byte* p = native)
        {
            if (!TryStatx(statx, LinuxAbi.AtCurrentDirectory, p, followLinks ? 0 : LinuxAbi.AtSymlinkNoFollow, out var before))
            {
                return NativeOutcome.Unavailable;
            }

            if (before.Kind != PathKind.RegularFile)
            {
                problem = NotARegularFile(path, before);
                return NativeOutcome.Failed;
            }

            var flags = LinuxAbi.OpenReadOnly | LinuxAbi.OpenNonBlocking | LinuxAbi.OpenCloseOnExec | (followLinks ? 0 : LinuxAbi.OpenNoFollow);
            var descriptor = ((delegate* unmanaged<byte*, int, int>)open2)(p, flags);
            if (descriptor < 0)
            {
                problem = LinuxErrors.Problem(path, Marshal.GetLastSystemError());
                return NativeOutcome.Failed;
            }

            try
            {
                byte empty = 0;
                if (!TryStatx(statx, descriptor, &empty, LinuxAbi.AtEmptyPath, out var opened) || opened.Kind != PathKind.RegularFile)
                {
                    // Swapped between the check and the open (or statx refused the descriptor): refuse what was opened.
                    problem = NotARegularFile(path, opened);
                    return NativeOutcome.Failed;
                }

                return ReadBounded(read, descriptor, path, maxBytes, opened.Size, out bytes, out problem);
            }
            finally
            {
                _ = ((delegate* unmanaged<int, int>)close)(descriptor);
            }
        }
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="contents"/> through a new file made by <c>mkostemp</c> in
    /// the same directory and a <c>rename</c>, when the target is missing or a regular file (checked with <c>lstat</c>
    /// before and again just before the rename). On any failure the temporary file is unlinked.
    /// </summary>
    public static NativeOutcome TryReplace(string path, ReadOnlySpan<byte> contents, out FileProblem? problem)
    {
        problem = null;
        if (!LinuxAbi.IsKnownArchitecture)
        {
            return NativeOutcome.Unavailable;
        }

        var statx = LibC.Find("statx");
        var mkostemp = LibC.Find("mkostemp");
        var write = LibC.Find("write");
        var close = LibC.Find("close");
        var rename = LibC.Find("rename");
        var unlink = LibC.Find("unlink");
        if (statx == 0 || mkostemp == 0 || write == 0 || close == 0 || rename == 0 || unlink == 0)
        {
            return NativeOutcome.Unavailable;
        }

        var target = ReplaceTarget.Of(path);
        if (target.Problem is not null)
        {
            problem = target.Problem;
            return NativeOutcome.Failed;
        }

        if (NulTerminated(target.FullPath) is not { } native || NulTerminated(target.TemporaryTemplate) is not { } template)
        {
            problem = ContainsNul(path);
            return NativeOutcome.Failed;
        }

        fixed (byte* final = native)
        fixed (byte* temporary = template)
        fixed (byte* data = contents)
        {
            if (!TryStatx(statx, LinuxAbi.AtCurrentDirectory, final, LinuxAbi.AtSymlinkNoFollow, out var existing))
            {
                return NativeOutcome.Unavailable;
            }

            if (ReplaceTarget.Refuse(path, existing) is { } refused)
            {
                problem = refused;
                return NativeOutcome.Failed;
            }

            var descriptor = ((delegate* unmanaged<byte*, int, int>)mkostemp)(temporary, LinuxAbi.OpenCloseOnExec);
            if (descriptor < 0)
            {
                problem = LinuxErrors.Problem(path, Marshal.GetLastSystemError());
                return NativeOutcome.Failed;
            }

            var created = true;
            var open = true;
            try
            {
                var written = 0;
                while (written < contents.Length)
                {
                    var count = ((delegate* unmanaged<int, byte*, nint, nint>)write)(descriptor, data + written, contents.Length - written);
                    if (count < 0 && Marshal.GetLastSystemError() == LinuxAbi.EINTR)
                    {
                        continue;
                    }

                    if (count <= 0)
                    {
                        problem = LinuxErrors.Problem(path, count < 0 ? Marshal.GetLastSystemError() : LinuxAbi.ENOSPC);
                        return NativeOutcome.Failed;
                    }

                    written += (int)count;
                }

                open = false;
                if (((delegate* unmanaged<int, int>)close)(descriptor) != 0)
                {
                    problem = LinuxErrors.Problem(path, Marshal.GetLastSystemError());
                    return NativeOutcome.Failed;
                }

                // Checked again just before the rename, which would replace whatever is there now.
                if (TryStatx(statx, LinuxAbi.AtCurrentDirectory, final, LinuxAbi.AtSymlinkNoFollow, out existing) && ReplaceTarget.Refuse(path, existing) is { } late)
                {
                    problem = late;
                    return NativeOutcome.Failed;
                }

                if (((delegate* unmanaged<byte*, byte*, int>)rename)(temporary, final) != 0)
                {
                    problem = LinuxErrors.Problem(path, Marshal.GetLastSystemError());
                    return NativeOutcome.Failed;
                }

                created = false;
                return NativeOutcome.Done;
            }
            finally
            {
                if (open)
                {
                    _ = ((delegate* unmanaged<int, int>)close)(descriptor);
                }

                if (created)
                {
                    _ = ((delegate* unmanaged<byte*, int>)unlink)(temporary);
                }
            }
        }
    }

    /// <summary>
    /// Creates <paramref name="fullPath"/> and every missing directory above it with <c>mkdir(0700)</c>, one level at a
    /// time; a level the umask narrowed is set to exactly 0700. Levels that already exist are left as they are.
    /// </summary>
    public static NativeOutcome TryCreateDirectory(string fullPath, out FileProblem? problem)
    {
        problem = null;
        var mkdir = LinuxAbi.IsKnownArchitecture ? LibC.Find("mkdir") : 0;
        var chmod = LibC.Find("chmod");
        var statx = LibC.Find("statx");
        if (mkdir == 0 || chmod == 0 || statx == 0)
        {
            return NativeOutcome.Unavailable;
        }

        var missing = new List<string>();
        for (var level = Path.TrimEndingDirectorySeparator(fullPath); !string.IsNullOrEmpty(level); level = Path.GetDirectoryName(level))
        {
            if (!TryDescribe(level, followLinks: true, out var description))
            {
                return NativeOutcome.Unavailable;
            }

            if (description.Kind != PathKind.Missing)
            {
                break;
            }

            missing.Add(level);
        }

        var uid = EffectiveUid();
        for (var i = missing.Count - 1; i >= 0; i--)
        {
            if (NulTerminated(missing[i]) is not { } native)
            {
                problem = ContainsNul(fullPath);
                return NativeOutcome.Failed;
            }

            fixed (byte* p = native)
            {
                if (((delegate* unmanaged<byte*, uint, int>)mkdir)(p, OwnerOnlyDirectory) != 0)
                {
                    var errno = Marshal.GetLastSystemError();
                    if (errno != LinuxAbi.EEXIST)
                    {
                        problem = LinuxErrors.Problem(missing[i], errno);
                        return NativeOutcome.Failed;
                    }

                    continue;
                }

                if (TryStatx(statx, LinuxAbi.AtCurrentDirectory, p, LinuxAbi.AtSymlinkNoFollow, out var made)
                    && made.Kind == PathKind.Directory && made.OwnerUid == uid && (made.Mode & LinuxAbi.PermissionMask) != OwnerOnlyDirectory)
                {
                    _ = ((delegate* unmanaged<byte*, uint, int>)chmod)(p, OwnerOnlyDirectory);
                }
            }
        }

        return NativeOutcome.Done;
    }

    /// <summary><c>read</c> until the end, retrying an interrupted call; a failure is returned as -errno.</summary>
    private static NativeOutcome ReadBounded(nint read, int descriptor, string path, int maxBytes, long reportedSize, out byte[] bytes, out FileProblem? problem)
        => BoundedRead.ToEnd(
            (buffer, offset, count) =>
            {
                for (var attempt = 0; ; attempt++)
                {
                    nint got;
                    fixed (byte* destination = buffer)
                    {
                        got = ((delegate* unmanaged<int, byte*, nint, nint>)read)(descriptor, destination + offset, count);
                    }

                    var errno = got < 0 ? Marshal.GetLastSystemError() : 0;
                    if (got >= 0 || errno != LinuxAbi.EINTR || attempt == 16)
                    {
                        return got >= 0 ? (int)got : -errno;
                    }
                }
            },
            path,
            maxBytes,
            reportedSize,
            out bytes,
            out problem);

    /// <summary><c>statx</c> into a stack buffer; false only when the call itself is unusable (ENOSYS, or EPERM from a seccomp filter).</summary>
    private static bool TryStatx(nint statx, int directory, byte* path, int flags, out PathDescription description)
    {
        var buffer = stackalloc byte[LinuxAbi.StatxSize];
        if (((delegate* unmanaged<int, byte*, int, uint, byte*, int>)statx)(directory, path, flags, LinuxAbi.StatxTypeModeUidSize, buffer) != 0)
        {
            var errno = Marshal.GetLastSystemError();
            description = new PathDescription(errno is LinuxAbi.ENOENT or LinuxAbi.ENOTDIR ? PathKind.Missing : PathKind.Unknown, -1, -1, -1, errno);
            return errno is not (LinuxAbi.ENOSYS or LinuxAbi.EPERM);
        }

        var mode = *(ushort*)(buffer + LinuxAbi.StatxModeOffset);
        var kind = (mode & LinuxAbi.FileTypeMask) switch
        {
            0x8000 => PathKind.RegularFile,
            0x4000 => PathKind.Directory,
            0xA000 => PathKind.SymbolicLink,
            0x1000 => PathKind.Fifo,
            0xC000 => PathKind.Socket,
            0x2000 => PathKind.CharacterDevice,
            0x6000 => PathKind.BlockDevice,
            _ => PathKind.Unknown,
        };
        description = new PathDescription(kind, *(uint*)(buffer + LinuxAbi.StatxUidOffset), mode & LinuxAbi.PermissionMask, (long)Math.Min(*(ulong*)(buffer + LinuxAbi.StatxSizeOffset), long.MaxValue), 0);
        return true;
    }

    private static FileProblem NotARegularFile(string path, PathDescription description)
        => description.Kind is PathKind.Missing or PathKind.Unknown && description.Errno != 0
            ? LinuxErrors.Problem(path, description.Errno)
            : RegularFile.NotARegularFile(path, description.Kind);

    private static FileProblem ContainsNul(string path) => new(FileProblemKind.Other, path, "contains a NUL character");

    /// <summary>The UTF-8 path with its terminating NUL, or <c>null</c> when it contains a NUL (no C string can hold it).</summary>
    private static byte[]? NulTerminated(string path)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        _ = Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }
}
