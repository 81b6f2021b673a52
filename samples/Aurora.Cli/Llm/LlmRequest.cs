namespace Aurora.Cli.Llm;

/// <summary>One chat request: a system prompt and the user's message.</summary>
internal sealed record LlmRequest(string System, string User)
{
    /// <summary>Which agent the request is for (the offline responder answers in its voice).</summary>
    public string AgentName { get; init; } = "assistant";

    public int MaxTokens { get; init; } = 512;
}
