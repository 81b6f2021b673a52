using Aurora.Cli.Startup;
using Aurora.Instrumentation;

namespace Aurora.Cli.Commands;

/// <summary>What every command gets: the startup timeline begun in <c>Main</c>, the output, the test-only slowdown.</summary>
internal sealed class CommandContext(StartupTimeline timeline, CliOutput output, SampleSlowdown slowdown)
{
    public StartupTimeline Timeline { get; } = timeline;

    public CliOutput Output { get; } = output;

    public SampleSlowdown Slowdown { get; } = slowdown;

    /// <summary>Whether a command's action ran (not just help or a parse error).</summary>
    public bool Ran { get; private set; }

    /// <summary>Runs a command body: a <see cref="CliFailure"/> becomes one error line and its exit code.</summary>
    public async Task<int> RunAsync(Func<Task<int>> body)
    {
        Ran = true;
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CliFailure failure)
        {
            Output.Error(failure.Message);
            return failure.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Output.Error("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            Output.Error($"unexpected {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.Internal;
        }
    }
}
