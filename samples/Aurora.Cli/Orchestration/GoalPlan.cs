using System.Globalization;
using System.Text;

namespace Aurora.Cli.Orchestration;

/// <summary>The result of <c>aur goals</c>: the subgoals with their agents, and the planner's review.</summary>
internal sealed record GoalPlan(string Goal, IReadOnlyList<(string Subgoal, RoutedAgent Agent)> Steps, string Review)
{
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("# Plan: ").Append(Goal).Append("\n\n");
        for (var i = 0; i < Steps.Count; i++)
        {
            var (subgoal, routed) = Steps[i];
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. {subgoal} — **{routed.Agent.Name}** (`{routed.Agent.Id}`, match {routed.Score:0.00})\n");
        }

        text.Append("\n## Review\n\n").Append(Review).Append('\n');
        return text.ToString();
    }
}
