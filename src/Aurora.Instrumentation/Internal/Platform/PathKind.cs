namespace Aurora.Instrumentation.Internal;

/// <summary>What is at a path (from <c>lstat</c>/<c>statx</c>, or what the managed fallback can tell).</summary>
internal enum PathKind
{
    /// <summary>Nothing: the path or one of its directories does not exist.</summary>
    Missing,

    RegularFile,

    Directory,

    SymbolicLink,

    Fifo,

    Socket,

    CharacterDevice,

    BlockDevice,

    /// <summary>Something that is not a directory or a link, whose type the managed fallback cannot tell (macOS, Windows).</summary>
    File,

    /// <summary>The path could not be examined (<see cref="PathDescription.Errno"/> says why).</summary>
    Unknown,
}
