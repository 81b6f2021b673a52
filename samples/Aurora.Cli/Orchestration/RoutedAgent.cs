using Aurora.Cli.Agents;

namespace Aurora.Cli.Orchestration;

/// <summary>The router's choice: the agent, its cosine score, and whether it is the low-score fallback.</summary>
internal sealed record RoutedAgent(AgentManifest Agent, float Score, bool Fallback);
