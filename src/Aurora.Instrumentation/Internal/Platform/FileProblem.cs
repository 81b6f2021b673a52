namespace Aurora.Instrumentation.Internal;

/// <summary>
/// Why a path could not be used: a kind for code, and for people a short reason phrased to follow the path
/// (<c>is a FIFO, not a regular file</c>). <see cref="Message"/> names the path as a bounded excerpt.
/// </summary>
internal sealed class FileProblem
{
    public FileProblem(FileProblemKind kind, string path, string reason)
    {
        Kind = kind;
        Path = path;
        Reason = reason;
    }

    public FileProblemKind Kind { get; }

    /// <summary>The path as given (not bounded: use <see cref="Message"/> or <see cref="ValueExcerpt"/> to show it).</summary>
    public string Path { get; }

    /// <summary>What is wrong, e.g. <c>is a symbolic link (links are not followed here)</c>.</summary>
    public string Reason { get; }

    /// <summary><c>/path/to/file is a FIFO, not a regular file</c>, the path bounded and escaped.</summary>
    public string Message => ValueExcerpt.Of(Path) + " " + Reason;

    public override string ToString() => Message;
}
