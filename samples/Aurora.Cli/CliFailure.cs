namespace Aurora.Cli;

/// <summary>
/// A failure the user can act on: its message is printed as one <c>aur: error: …</c> line and the process exits
/// with <see cref="ExitCode"/>. Anything else that escapes a command is a bug (<see cref="ExitCodes.Internal"/>).
/// </summary>
internal sealed class CliFailure : Exception
{
    public CliFailure(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
