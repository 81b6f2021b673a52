namespace Aurora.Instrumentation.Internal;

/// <summary>
/// Directories the libraries create or keep their files in. Every level they create is made 0700 (<c>mkdir</c> per
/// level, never <see cref="Directory.CreateDirectory(string)"/>'s 0777-under-umask levels). A directory is
/// <em>trusted</em> under the rules ssh's StrictModes and XDG_RUNTIME_DIR apply: it is a directory, owned by the
/// current user, not writable by its group or by others. A symbolic link at the path itself is followed only when the
/// link is owned by the current user or by root, and its target must pass the same rules; the directories above the
/// path are not examined. Never throws.
/// </summary>
internal static class PrivateDirectory
{
    /// <summary>Creates <paramref name="path"/> and any missing level above it, each created level 0700; an existing directory is left as it is.</summary>
    public static bool TryCreate(string path, out FileProblem? problem)
    {
        try
        {
            var full = Path.GetFullPath(path);
            var outcome = LinuxFileCalls.TryCreateDirectory(full, out problem);
            if (outcome == NativeOutcome.Unavailable)
            {
                outcome = ManagedFileCalls.TryCreateDirectory(full, out problem);
            }

            if (outcome != NativeOutcome.Done)
            {
                return false;
            }

            var made = PathDescription.Of(full, followLinks: true);
            if (made.Kind != PathKind.Directory)
            {
                // A path that cannot even be examined (too long, a loop, no access) says why, not just "not a directory".
                problem = made.Kind == PathKind.Unknown && made.Errno != 0
                    ? LinuxErrors.Problem(path, made.Errno)
                    : new FileProblem(FileProblemKind.WrongType, path, "is " + PathDescription.Describe(made.Kind) + ", not a directory");
                return false;
            }

            return true;
        }
        catch (Exception ex)
        {
            problem = RegularFile.Unexpected(path, ex);
            return false;
        }
    }

    /// <summary>
    /// <c>null</c> when <paramref name="path"/> is a trusted directory; otherwise the one problem to report, naming it
    /// (owned by another user, writable by the group or by everyone, a link owned by someone else, not a directory, missing).
    /// On Windows only the type is checked (access is governed by ACLs); on macOS the mode but not the owner.
    /// </summary>
    public static FileProblem? CheckTrusted(string path)
    {
        try
        {
            var uid = CurrentUser.EffectiveUid;
            var found = PathDescription.Of(path, followLinks: false);
            if (found.Kind == PathKind.SymbolicLink)
            {
                if (found.OwnerUid >= 0 && found.OwnerUid != uid && found.OwnerUid != 0)
                {
                    return Untrusted(path, "is a symbolic link owned by " + PathDescription.User(found.OwnerUid) + " (only links owned by you or by root are followed)");
                }

                found = PathDescription.Of(path, followLinks: true);
            }

            if (found.Kind != PathKind.Directory)
            {
                return found.Kind == PathKind.Unknown && found.Errno != 0
                    ? LinuxErrors.Problem(path, found.Errno)
                    : found.Kind == PathKind.Missing
                        ? new FileProblem(FileProblemKind.NotFound, path, "does not exist")
                        : new FileProblem(FileProblemKind.WrongType, path, "is " + PathDescription.Describe(found.Kind) + ", not a directory");
            }

            if (found.OwnerUid >= 0 && uid >= 0 && found.OwnerUid != uid)
            {
                return Untrusted(path, "is owned by " + PathDescription.User(found.OwnerUid) + ", not by you (" + PathDescription.User(uid) + ")");
            }

            if (found.Mode >= 0 && (found.Mode & 0x2) != 0)
            {
                return Untrusted(path, "is writable by everyone (mode " + found.ModeText + ")");
            }

            if (found.Mode >= 0 && (found.Mode & 0x10) != 0)
            {
                return Untrusted(path, "is writable by its group (mode " + found.ModeText + ")");
            }

            return null;
        }
        catch (Exception ex)
        {
            return RegularFile.Unexpected(path, ex);
        }
    }

    private static FileProblem Untrusted(string path, string reason) => new(FileProblemKind.Untrusted, path, reason);
}
