using Aurora.Instrumentation.Testing.Tables;

namespace Aurora.Startup.Tool.Output;

/// <summary>
/// Where the tool writes. Tables go to <see cref="Out"/> (Spectre.Console tables on a terminal, plain aligned text
/// otherwise, so CI logs stay greppable); progress and diagnostics go to <see cref="Error"/>.
/// </summary>
internal sealed class ToolConsole
{
    public ToolConsole(TextWriter output, TextWriter error, bool richOutput, bool showProgress)
    {
        Out = output;
        Error = error;
        RichOutput = richOutput;
        ShowProgress = showProgress;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Standard output is a terminal: draw Spectre tables with colour.</summary>
    public bool RichOutput { get; }

    /// <summary>Standard error is a terminal: show a live progress bar during runs.</summary>
    public bool ShowProgress { get; }

    public static ToolConsole FromProcessConsole()
        => new(Console.Out, Console.Error, !Console.IsOutputRedirected, !Console.IsErrorRedirected);

    public void Render(TextTable table)
    {
        if (RichOutput)
        {
            SpectreTableRenderer.Render(table, Out);
        }
        else
        {
            PlainTableRenderer.Render(table, Out);
        }
    }

    public void WriteLine(string text = "") => Out.WriteLine(text);

    public void Warn(string text) => Error.WriteLine("aurora-startup: " + text);
}
