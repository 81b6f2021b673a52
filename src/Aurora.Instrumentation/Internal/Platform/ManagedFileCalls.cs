namespace Aurora.Instrumentation.Internal;

/// <summary>
/// The platform layer where libc cannot be used (Windows, macOS, musl without <c>__open_2</c>, other architectures):
/// the managed file APIs after the checks they allow. What is checked: a symbolic link (a reparse point on Windows) is
/// refused where links are not followed, a directory is refused, reads are bounded by the bytes actually read, a
/// replaced file goes through a temporary file that is removed on failure. Where <c>statx</c> is usable (musl 1.2.5+)
/// the path's type is checked with it before the open, so a FIFO or a device is refused, with the window between the
/// check and the open as the fallback's limit. Without it (macOS, Windows) the type of a non-directory cannot be told
/// before opening it: a FIFO there can block the open. The owner is never known here, so trust checks are by mode only.
/// </summary>
internal static class ManagedFileCalls
{
    public static PathDescription Describe(string path, bool followLinks)
    {
        try
        {
            FileSystemInfo info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                if (!followLinks)
                {
                    return new PathDescription(PathKind.SymbolicLink, -1, ModeOf(info), -1, 0);
                }

                info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            }

            if (Directory.Exists(info.FullName))
            {
                return new PathDescription(PathKind.Directory, -1, ModeOf(new DirectoryInfo(info.FullName)), -1, 0);
            }

            return info is FileInfo { Exists: true } file
                ? new PathDescription(PathKind.File, -1, ModeOf(file), file.Length, 0)
                : new PathDescription(PathKind.Missing, -1, -1, -1, 0);
        }
        catch (IOException)
        {
            // ResolveLinkTarget reports a loop (or a link it cannot read) this way.
            return new PathDescription(PathKind.Unknown, -1, -1, -1, 0);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new PathDescription(PathKind.Unknown, -1, -1, -1, 0);
        }
    }

    public static NativeOutcome TryRead(string path, int maxBytes, bool followLinks, out byte[] bytes, out FileProblem? problem)
    {
        bytes = [];
        var description = PathDescription.Of(path, followLinks);
        if (description.Kind is not (PathKind.RegularFile or PathKind.File))
        {
            problem = description.Kind == PathKind.Unknown
                ? new FileProblem(FileProblemKind.Other, path, "cannot be examined (a symbolic link loop, or no permission)")
                : RegularFile.NotARegularFile(path, description.Kind);
            return NativeOutcome.Failed;
        }

        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            return BoundedRead.ToEnd(stream.Read, path, maxBytes, description.Size, out bytes, out problem);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = FromException(path, ex);
            return NativeOutcome.Failed;
        }
    }

    public static NativeOutcome TryReplace(string path, ReadOnlySpan<byte> contents, out FileProblem? problem)
    {
        var target = ReplaceTarget.Of(path);
        if (target.Problem is not null)
        {
            problem = target.Problem;
            return NativeOutcome.Failed;
        }

        if (ReplaceTarget.Refuse(path, PathDescription.Of(target.FullPath)) is { } refused)
        {
            problem = refused;
            return NativeOutcome.Failed;
        }

        var temporary = target.TemporaryTemplate[..^6] + Path.GetRandomFileName().Replace(".", string.Empty, StringComparison.Ordinal)[..6];
        var moved = false;
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(contents);
            }

            if (ReplaceTarget.Refuse(path, PathDescription.Of(target.FullPath)) is { } late)
            {
                problem = late;
                return NativeOutcome.Failed;
            }

            File.Move(temporary, target.FullPath, overwrite: true);
            moved = true;
            problem = null;
            return NativeOutcome.Done;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = FromException(path, ex);
            return NativeOutcome.Failed;
        }
        finally
        {
            if (!moved)
            {
                TryDelete(temporary);
            }
        }
    }

    /// <summary>Creates the directory chain; on Unix every level created gets mode 0700 (Windows: the inherited ACL).</summary>
    public static NativeOutcome TryCreateDirectory(string fullPath, out FileProblem? problem)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(fullPath);
            }
            else
            {
                Directory.CreateDirectory(fullPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            problem = null;
            return NativeOutcome.Done;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = FromException(fullPath, ex);
            return NativeOutcome.Failed;
        }
    }

    private static FileProblem FromException(string path, Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => new FileProblem(FileProblemKind.NotFound, path, "does not exist"),
        UnauthorizedAccessException => new FileProblem(FileProblemKind.AccessDenied, path, "cannot be accessed: permission denied"),
        _ => new FileProblem(FileProblemKind.Other, path, "cannot be used (" + ValueExcerpt.Of(ex.Message) + ")"),
    };

    private static int ModeOf(FileSystemInfo info) => OperatingSystem.IsWindows() ? -1 : (int)info.UnixFileMode;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Diagnostics.AuroraInstrumentationEventSource.Log.SwallowedException(nameof(ManagedFileCalls), ex);
        }
    }
}
