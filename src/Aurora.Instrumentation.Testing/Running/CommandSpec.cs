namespace Aurora.Instrumentation.Testing.Running;

/// <summary>A command to run: executable plus arguments, passed through <c>ProcessStartInfo.ArgumentList</c> (no shell).</summary>
/// <param name="FileName">The executable (looked up on PATH by the OS).</param>
/// <param name="Arguments">Its arguments, verbatim.</param>
internal sealed record CommandSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public static CommandSpec FromArgv(IReadOnlyList<string> argv)
    {
        if (argv.Count == 0 || string.IsNullOrWhiteSpace(argv[0]))
        {
            throw new ArgumentException("the command is empty", nameof(argv));
        }

        return new CommandSpec(argv[0], argv.Skip(1).ToArray());
    }

    /// <summary>The command as one line, quoted where needed, for display.</summary>
    public string Display => string.Join(' ', new[] { FileName }.Concat(Arguments).Select(CommandLineText.Quote));
}
