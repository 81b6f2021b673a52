namespace Aurora.Cli.Orchestration;

/// <summary>
/// Splits a goal into subgoals: on explicit separators (<c>;</c>, <c>,</c>, "and then", "then", "and"), or, for a
/// single-clause goal, into the research → plan → build → review cycle Aurora's planner uses.
/// </summary>
internal static class GoalDecomposer
{
    private static readonly string[] s_separators = [";", ",", " and then ", " then ", " and "];

    public static IReadOnlyList<string> Decompose(string goal)
    {
        var parts = goal.Split(s_separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var subgoals = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            var clean = part.Trim().TrimEnd('.', '!', '?');
            if (clean.Length > 0)
            {
                subgoals.Add(clean);
            }
        }

        if (subgoals.Count >= 2)
        {
            return subgoals;
        }

        var subject = subgoals.Count == 1 ? subgoals[0] : goal.Trim();
        return
        [
            $"Research what is needed to {subject}",
            $"Plan the steps to {subject}",
            $"Implement and test the code to {subject}",
            $"Review the result of: {subject}",
        ];
    }
}
