using System.Globalization;

namespace Aurora.Instrumentation.Internal;

/// <summary>An errno as a <see cref="FileProblem"/>: a kind and words that follow the path.</summary>
internal static class LinuxErrors
{
    public static FileProblem Problem(string path, int errno)
    {
        var (kind, reason) = errno switch
        {
            LinuxAbi.ENOENT => (FileProblemKind.NotFound, "does not exist"),
            LinuxAbi.ENOTDIR => (FileProblemKind.NotFound, "cannot be reached: a part of its path is not a directory"),
            LinuxAbi.EACCES or LinuxAbi.EPERM => (FileProblemKind.AccessDenied, "cannot be accessed: permission denied"),
            LinuxAbi.ELOOP => (FileProblemKind.SymbolicLinkLoop, "is a symbolic link loop (too many levels of links)"),
            LinuxAbi.EISDIR => (FileProblemKind.WrongType, "is a directory, not a regular file"),
            LinuxAbi.ENXIO => (FileProblemKind.WrongType, "is a socket or a device, not a regular file"),
            LinuxAbi.EROFS => (FileProblemKind.ReadOnly, "is on a read-only file system"),
            LinuxAbi.ENOSPC => (FileProblemKind.NoSpace, "cannot be written: no space left on the device"),
            LinuxAbi.EDQUOT => (FileProblemKind.NoSpace, "cannot be written: disk quota exceeded"),
            LinuxAbi.EAGAIN => (FileProblemKind.WouldBlock, "would block (it only looks like a regular file)"),
            LinuxAbi.ENAMETOOLONG => (FileProblemKind.Other, "is too long a path"),
            LinuxAbi.EMFILE or LinuxAbi.ENFILE => (FileProblemKind.Other, "cannot be opened: too many open files"),
            LinuxAbi.EIO => (FileProblemKind.Other, "cannot be read or written: input/output error"),
            _ => (FileProblemKind.Other, "cannot be used (errno " + errno.ToString(CultureInfo.InvariantCulture) + ")"),
        };
        return new FileProblem(kind, path, reason);
    }
}
