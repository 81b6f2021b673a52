namespace Aurora.Cli.Agents;

/// <summary>One agent, as declared by a markdown manifest's front-matter (<c>id</c>, <c>name</c>, <c>capabilities</c>).</summary>
internal sealed record AgentManifest(string Id, string Name, IReadOnlyList<string> Capabilities, string Description, string SourceFile);
