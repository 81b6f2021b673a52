using System.Globalization;

namespace Aurora.Instrumentation.Internal;

/// <summary>
/// What is at a path, its owner and its mode, from <c>statx</c> on 64-bit Linux (x64, arm64) and otherwise from what
/// the managed file APIs can tell (there the owner is unknown, and on macOS a FIFO or device shows as
/// <see cref="PathKind.File"/>).
/// </summary>
/// <param name="Kind">What is there.</param>
/// <param name="OwnerUid">The owner's uid; -1 when unknown.</param>
/// <param name="Mode">The permission bits (<c>07777</c>); -1 when unknown.</param>
/// <param name="Size">The reported size in bytes (never trusted as a bound); -1 when unknown.</param>
/// <param name="Errno">Why the path could not be examined (<see cref="PathKind.Missing"/>, <see cref="PathKind.Unknown"/>); 0 otherwise.</param>
internal readonly record struct PathDescription(PathKind Kind, long OwnerUid, int Mode, long Size, int Errno)
{
    /// <summary>Describes <paramref name="path"/>; with <paramref name="followLinks"/> false a symbolic link is described itself (<c>lstat</c>).</summary>
    public static PathDescription Of(string path, bool followLinks = false)
        => LinuxFileCalls.TryDescribe(path, followLinks, out var description) ? description : ManagedFileCalls.Describe(path, followLinks);

    /// <summary><c>0755</c>, or <c>unknown</c>.</summary>
    public string ModeText => Mode < 0 ? "unknown" : Convert.ToString(Mode & LinuxAbi.PermissionMask, 8).PadLeft(4, '0');

    /// <summary>The kind for a message: <c>a FIFO</c>, <c>a directory</c>, …</summary>
    public static string Describe(PathKind kind) => kind switch
    {
        PathKind.Missing => "nothing",
        PathKind.RegularFile => "a regular file",
        PathKind.Directory => "a directory",
        PathKind.SymbolicLink => "a symbolic link",
        PathKind.Fifo => "a FIFO",
        PathKind.Socket => "a socket",
        PathKind.CharacterDevice => "a character device",
        PathKind.BlockDevice => "a block device",
        PathKind.File => "a file",
        _ => "something that cannot be examined",
    };

    /// <summary>The uid for a message: <c>uid 1001</c>, or <c>an unknown user</c>.</summary>
    public static string User(long uid) => uid < 0 ? "an unknown user" : "uid " + uid.ToString(CultureInfo.InvariantCulture);
}
