namespace Aurora.Cli;

/// <summary>
/// Where <c>aur</c> writes: the answer on standard output, everything about the run (warnings, errors, the startup
/// summary) on standard error, so <c>aur soar "q" &gt; answer.txt</c> captures only the answer.
/// </summary>
internal sealed class CliOutput(TextWriter answer, TextWriter diagnostics)
{
    public TextWriter Answer { get; } = answer;

    public TextWriter Diagnostics { get; } = diagnostics;

    public static CliOutput FromConsole() => new(Console.Out, Console.Error);

    public void Note(string text) => Diagnostics.WriteLine("aur: " + text);

    public void Warning(string text) => Diagnostics.WriteLine("aur: warning: " + text);

    public void Error(string text) => Diagnostics.WriteLine("aur: error: " + text);
}
