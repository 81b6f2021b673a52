using System.Globalization;

namespace Aurora.Instrumentation.Internal;

/// <summary>
/// Reading and replacing regular files safely, the way every file the libraries open is opened: regular files only
/// (never a FIFO, device, socket or directory, so nothing can block or stream without end), reads bounded by the bytes
/// actually read (never by a reported length), symbolic links not followed where asked, and a replaced file written
/// through a temporary file beside it that never outlives a failure. Never throws, never blocks: a problem is
/// returned as a <see cref="FileProblem"/> naming the path. On 64-bit Linux (x64, arm64) through libc
/// (<see cref="LinuxFileCalls"/>); elsewhere through the managed file APIs after the checks they allow
/// (<see cref="ManagedFileCalls"/>).
/// </summary>
internal static class RegularFile
{
    /// <summary>Reads all of <paramref name="path"/> when it is a regular file of at most <paramref name="maxBytes"/> bytes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The bound, in bytes actually read.</param>
    /// <param name="followLinks">False: a symbolic link at <paramref name="path"/> is refused (<c>O_NOFOLLOW</c>).</param>
    /// <param name="bytes">The contents, or empty.</param>
    /// <param name="problem">Why it could not be read, or <c>null</c>.</param>
    public static bool TryRead(string path, int maxBytes, bool followLinks, out byte[] bytes, out FileProblem? problem)
    {
        try
        {
            var outcome = LinuxFileCalls.TryRead(path, maxBytes, followLinks, out bytes, out problem);
            if (outcome == NativeOutcome.Unavailable)
            {
                outcome = ManagedFileCalls.TryRead(path, maxBytes, followLinks, out bytes, out problem);
            }

            return outcome == NativeOutcome.Done;
        }
        catch (Exception ex)
        {
            bytes = [];
            problem = Unexpected(path, ex);
            return false;
        }
    }

    /// <summary>
    /// Writes <paramref name="contents"/> to a new temporary file in <paramref name="path"/>'s directory and renames it
    /// over <paramref name="path"/>, when that is missing or a regular file (a symbolic link, directory, FIFO, socket or
    /// device is refused). A reader never sees half a file; on any failure the temporary file is removed. The file is
    /// created readable and writable by its owner only (0600).
    /// </summary>
    public static bool TryReplace(string path, ReadOnlySpan<byte> contents, out FileProblem? problem)
    {
        try
        {
            var outcome = LinuxFileCalls.TryReplace(path, contents, out problem);
            if (outcome == NativeOutcome.Unavailable)
            {
                outcome = ManagedFileCalls.TryReplace(path, contents, out problem);
            }

            return outcome == NativeOutcome.Done;
        }
        catch (Exception ex)
        {
            problem = Unexpected(path, ex);
            return false;
        }
    }

    internal static FileProblem NotARegularFile(string path, PathKind kind) => kind switch
    {
        PathKind.Missing => new FileProblem(FileProblemKind.NotFound, path, "does not exist"),
        PathKind.SymbolicLink => new FileProblem(FileProblemKind.SymbolicLink, path, "is a symbolic link (links are not followed here)"),
        _ => new FileProblem(FileProblemKind.WrongType, path, "is " + PathDescription.Describe(kind) + ", not a regular file"),
    };

    internal static FileProblem TooLarge(string path, int maxBytes)
        => new(FileProblemKind.TooLarge, path, "is larger than " + Size(maxBytes));

    internal static FileProblem Unexpected(string path, Exception ex)
        => new(FileProblemKind.Other, path, "cannot be used (" + ex.GetType().Name + ": " + ValueExcerpt.Of(ex.Message) + ")");

    private static string Size(int bytes) => bytes % (1024 * 1024) == 0
        ? (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MiB"
        : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
}
