using System.Globalization;
using Aurora.Cli.Startup;
using Aurora.Cli.Workspace;

namespace Aurora.Cli.Commands;

/// <summary><c>aur soar "&lt;query&gt;"</c>: start up, route the query to the best agent, ask the LLM, print the answer.</summary>
internal static class SoarCommand
{
    public static async Task<int> RunAsync(CommandContext context, string? workspace, string query, CancellationToken cancellationToken)
    {
        var layout = WorkspaceLayout.FromOption(workspace);
        var session = await new StartupSequence(context.Timeline, layout, context.Output, context.Slowdown).RunAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var answer = await session.Orchestrator.SoarAsync(query, () => context.Timeline.MarkReady(), cancellationToken).ConfigureAwait(false);
            var agent = answer.Agent;
            context.Output.Answer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"→ {agent.Agent.Name} ({agent.Agent.Id}, match {agent.Score:0.00}{(agent.Fallback ? ", fallback" : string.Empty)})"));
            context.Output.Answer.WriteLine(answer.Text);
            return ExitCodes.Success;
        }
    }
}
