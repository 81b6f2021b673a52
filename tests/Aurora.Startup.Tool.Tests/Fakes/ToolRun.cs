using Aurora.Startup.Tool.Cli;
using Aurora.Startup.Tool.Output;

namespace Aurora.Startup.Tool.Tests.Fakes;

/// <summary>Runs the tool in-process with captured output (the measured commands are still real child processes).</summary>
internal static class ToolRun
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await ToolCommandLine.RunAsync(args, new ToolConsole(output, error, richOutput: false, showProgress: false));
        return (exitCode, output.ToString(), error.ToString());
    }
}
