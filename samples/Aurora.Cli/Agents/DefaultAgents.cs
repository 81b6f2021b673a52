namespace Aurora.Cli.Agents;

/// <summary>The agent manifests <c>aur init</c> writes: file name → content.</summary>
internal static class DefaultAgents
{
    /// <summary>The agent that answers when no other matches well enough.</summary>
    public const string GeneralistId = "assistant";

    public static IReadOnlyList<(string FileName, string Content)> Manifests { get; } =
    [
        Manifest(GeneralistId, "General Assistant", "general, question, answer, explain, help, chat",
            "Answers general questions and explains concepts when no specialist fits."),
        Manifest("researcher", "Research Analyst", "research, search, investigate, sources, papers, literature, compare, summarize",
            "Finds and summarises sources, compares options and cites evidence."),
        Manifest("coder", "Code Assistant", "code, programming, implement, fix, debug, bug, error, refactor, test, compile, function",
            "Writes, fixes and tests code; explains compiler and runtime errors."),
        Manifest("planner", "Goal Planner", "plan, goal, decompose, schedule, roadmap, milestone, prioritize, steps",
            "Breaks goals into ordered, checkable steps with owners and milestones."),
        Manifest("writer", "Technical Writer", "write, draft, document, documentation, edit, readme, blog, prose",
            "Drafts and edits documentation, release notes and blog posts."),
        Manifest("analyst", "Data Analyst", "data, analysis, analyze, statistics, sql, query, chart, metric, dashboard",
            "Queries data, computes statistics and builds charts and dashboards."),
        Manifest("reviewer", "Reviewer", "review, critique, audit, security, quality, verify, check, risk",
            "Reviews work for correctness, security and quality; lists risks."),
        Manifest("operator", "Operations Engineer", "deploy, release, infrastructure, monitor, performance, latency, startup, incident",
            "Ships releases, watches production and chases performance regressions."),
    ];

    private static (string, string) Manifest(string id, string name, string capabilities, string description)
        => ($"{id}.md", $"---\nid: {id}\nname: {name}\ncapabilities: {capabilities}\n---\n{description}\n");
}
