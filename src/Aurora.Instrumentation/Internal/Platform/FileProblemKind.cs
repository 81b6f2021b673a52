namespace Aurora.Instrumentation.Internal;

/// <summary>Why a file could not be read, written or trusted.</summary>
internal enum FileProblemKind
{
    NotFound,

    /// <summary>A FIFO, device, socket or directory where a regular file was expected (or not a directory where one was).</summary>
    WrongType,

    /// <summary>A symbolic link where links are not followed.</summary>
    SymbolicLink,

    /// <summary>Too many levels of symbolic links (a loop).</summary>
    SymbolicLinkLoop,

    /// <summary>Larger than the bound, counted in bytes actually read.</summary>
    TooLarge,

    AccessDenied,

    /// <summary>Owned by another user, or writable by the group or by everyone.</summary>
    Untrusted,

    ReadOnly,

    NoSpace,

    /// <summary>Reading it would have blocked (a file that only looks regular, such as /proc/kmsg).</summary>
    WouldBlock,

    Other,
}
