using Aurora.Instrumentation.Testing.Tests.Fakes;
using Aurora.Startup.Tool.Cli;
using Aurora.Startup.Tool.Output;

namespace Aurora.Startup.Tool.Tests.Fakes;

/// <summary>Runs the tool in-process with captured output (the measured commands are still real child processes).</summary>
internal static class ToolRun
{
    /// <summary>The tool's own entry assembly, copied beside the tests by the project reference.</summary>
    public static string Assembly => Path.Combine(Path.GetDirectoryName(ChildCommands.TestAssembly)!, "aurora-startup.dll");

    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await ToolCommandLine.RunAsync(args, new ToolConsole(output, error, richOutput: false, showProgress: false));
        return (exitCode, output.ToString(), error.ToString());
    }
}
