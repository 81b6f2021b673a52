using System.Diagnostics;
using Aurora.Cli.Agents;
using Aurora.Cli.Workspace;

namespace Aurora.Cli.Commands;

/// <summary>
/// <c>aur init [--force]</c>: creates <c>.aurora/</c> (config, SQLite store, plans folder, agent manifests, embedding
/// model). Idempotent; <c>--force</c> rebuilds every file (the old store is kept as a backup). Each step is a phase;
/// the ready milestone is <c>workspace_ready</c>.
/// </summary>
internal static class InitCommand
{
    public const string ReadyMilestone = "workspace_ready";

    public static async Task<int> RunAsync(CommandContext context, string? workspace, bool force, CancellationToken cancellationToken)
    {
        var layout = WorkspaceLayout.FromOption(workspace);
        var timeline = context.Timeline;
        var slowdown = context.Slowdown;
        var existed = layout.Exists;
        var builder = new WorkspaceBuilder(layout, force);

        var config = Step("init_config", () =>
        {
            builder.CreateDirectories();
            return builder.WriteConfig(context.Output);
        });
        await StepAsync("init_store", () => builder.CreateStoreAsync(config, cancellationToken)).ConfigureAwait(false);
        Step("init_agents", () =>
        {
            builder.WriteAgents(config);
            return 0;
        });
        Step("init_model", () =>
        {
            builder.WriteModel();
            return 0;
        });

        // Prove the workspace is usable the way soar will read it.
        var agents = AgentCatalog.Discover(layout.Resolve(config.AgentsPath), context.Output);
        timeline.MarkReady(ReadyMilestone);

        var output = context.Output.Answer;
        if (builder.Created.Count == 0)
        {
            output.WriteLine($"Workspace {layout.Directory} is already initialised ({agents.Count} agents); nothing to do (use --force to rebuild it).");
        }
        else
        {
            output.WriteLine($"{(existed ? (force ? "Rebuilt" : "Completed") : "Created")} workspace {layout.Directory} ({agents.Count} agents):");
            foreach (var item in builder.Created)
            {
                output.WriteLine("  " + item);
            }
        }

        return ExitCodes.Success;

        T Step<T>(string phase, Func<T> work)
        {
            using var scope = timeline.BeginPhase(phase);
            var started = Stopwatch.GetTimestamp();
            var result = work();
            slowdown.Extend(phase, started);
            return result;
        }

        async Task StepAsync(string phase, Func<Task> work)
        {
            using var scope = timeline.BeginPhase(phase);
            var started = Stopwatch.GetTimestamp();
            await work().ConfigureAwait(false);
            slowdown.Extend(phase, started);
        }
    }
}
