using Aurora.Startup.Tool.Cli;
using Aurora.Startup.Tool.Output;

namespace Aurora.Startup.Tool;

/// <summary>Entry point of the <c>aurora-startup</c> tool.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // First Ctrl+C stops the runs (and kills a running child); the temp reports are cleaned up.
            e.Cancel = true;
            cancellation.Cancel();
        };
        try
        {
            return await ToolCommandLine.RunAsync(args, ToolConsole.FromProcessConsole(), cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("aurora-startup: cancelled").ConfigureAwait(false);
            return 130;
        }
    }
}
