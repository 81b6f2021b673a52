using Aurora.Cli.CommandLine;

namespace Aurora.Cli;

/// <summary>The <c>aur</c> entry point: the startup timeline begins on the first line, before anything else runs.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => AurApplication.RunAsync(args);
}
