namespace Aurora.Instrumentation.Internal;

/// <summary>
/// A file about to be replaced through a temporary file beside it: its full path, the temporary's name pattern
/// (<c>.&lt;name&gt;.tmp-XXXXXX</c>, the last six characters made unique when it is created) and the rule for what
/// may be replaced: nothing there yet, or a regular file; never a symbolic link, a directory, a FIFO, a socket or a device.
/// </summary>
internal sealed class ReplaceTarget
{
    /// <summary>Enough of the file name to recognise a temporary file, short enough that the name stays under NAME_MAX (255 bytes).</summary>
    private const int MaxNameCharacters = 64;

    private ReplaceTarget(string fullPath, string temporaryTemplate, FileProblem? problem)
    {
        FullPath = fullPath;
        TemporaryTemplate = temporaryTemplate;
        Problem = problem;
    }

    public string FullPath { get; }

    /// <summary>The temporary file's path, ending in <c>XXXXXX</c> (the <c>mkostemp</c> template).</summary>
    public string TemporaryTemplate { get; }

    /// <summary>Set when the path cannot name a file at all.</summary>
    public FileProblem? Problem { get; }

    public static ReplaceTarget Of(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return new ReplaceTarget(path, path, new FileProblem(FileProblemKind.Other, path, "is not a valid path"));
        }

        if (Path.EndsInDirectorySeparator(full) || Path.GetDirectoryName(full) is not { } directory)
        {
            return new ReplaceTarget(full, full, new FileProblem(FileProblemKind.WrongType, path, "names a directory, not a file"));
        }

        var name = Path.GetFileName(full);
        if (name.Length > MaxNameCharacters)
        {
            // Cut on a character boundary: a surrogate pair stays whole.
            var cut = char.IsHighSurrogate(name[MaxNameCharacters - 1]) ? MaxNameCharacters - 1 : MaxNameCharacters;
            name = name[..cut];
        }

        return new ReplaceTarget(full, Path.Join(directory, "." + name + ".tmp-XXXXXX"), null);
    }

    /// <summary>The problem when <paramref name="existing"/> (described without following links) must not be replaced; <c>null</c> when it may.</summary>
    public static FileProblem? Refuse(string path, PathDescription existing) => existing.Kind switch
    {
        PathKind.Missing or PathKind.RegularFile or PathKind.File => null,
        PathKind.SymbolicLink => new FileProblem(FileProblemKind.SymbolicLink, path, "is a symbolic link; it is not replaced"),
        PathKind.Unknown when existing.Errno != 0 => LinuxErrors.Problem(path, existing.Errno),
        var kind => new FileProblem(FileProblemKind.WrongType, path, "is " + PathDescription.Describe(kind) + ", not a regular file; it is not replaced"),
    };
}
