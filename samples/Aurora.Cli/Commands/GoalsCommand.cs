using System.Globalization;
using System.Text;
using Aurora.Cli.Startup;
using Aurora.Cli.Workspace;

namespace Aurora.Cli.Commands;

/// <summary><c>aur goals "&lt;goal&gt;"</c>: same startup as soar; then subgoals matched to agents, saved under plans/.</summary>
internal static class GoalsCommand
{
    public static async Task<int> RunAsync(CommandContext context, string? workspace, string goal, CancellationToken cancellationToken)
    {
        var layout = WorkspaceLayout.FromOption(workspace);
        var session = await new StartupSequence(context.Timeline, layout, context.Output, context.Slowdown).RunAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var plan = await session.Orchestrator.GoalsAsync(goal, () => context.Timeline.MarkReady(), cancellationToken).ConfigureAwait(false);
            var markdown = plan.ToMarkdown();
            context.Output.Answer.Write(markdown);
            var file = SavePlan(layout, goal, markdown, context.Output);
            if (file is not null)
            {
                context.Output.Note($"plan saved to {Path.GetRelativePath(layout.Root, file)}");
            }

            return ExitCodes.Success;
        }
    }

    private static string? SavePlan(WorkspaceLayout layout, string goal, string markdown, CliOutput output)
    {
        var file = Path.Combine(layout.PlansDirectory, $"{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Slug(goal)}.md");
        try
        {
            Directory.CreateDirectory(layout.PlansDirectory);
            File.WriteAllText(file, markdown);
            return file;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The plan is already on stdout; failing to keep a copy is not worth failing the command.
            output.Warning($"could not save the plan to {file} ({ex.Message})");
            return null;
        }
    }

    private static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }

            if (slug.Length >= 40)
            {
                break;
            }
        }

        var result = slug.ToString().Trim('-');
        return result.Length == 0 ? "goal" : result;
    }
}
