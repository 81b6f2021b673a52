namespace Aurora.Cli.Configuration;

/// <summary>The workspace configuration (<c>.aurora/config.json</c>), validated; every field has a safe default.</summary>
internal sealed record AuroraConfig
{
    public const int CurrentVersion = 1;

    public static AuroraConfig Default { get; } = new();

    public int Version { get; init; } = CurrentVersion;

    /// <summary>The SQLite store, relative to <c>.aurora/</c>.</summary>
    public string StorePath { get; init; } = "memory.db";

    /// <summary>The folder of agent manifests, relative to <c>.aurora/</c>.</summary>
    public string AgentsPath { get; init; } = "agents";

    /// <summary><c>local</c> (offline) or <c>openai</c> (an OpenAI-compatible endpoint).</summary>
    public string LlmProvider { get; init; } = "local";

    public string? LlmEndpoint { get; init; }

    public string LlmModel { get; init; } = "aurora-local";

    public int LlmTimeoutMs { get; init; } = 30_000;

    public int LlmMaxTokens { get; init; } = 512;

    /// <summary>Below this cosine similarity the router falls back to the generalist agent.</summary>
    public double RoutingMinScore { get; init; } = 0.12;
}
