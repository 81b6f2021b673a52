namespace Aurora.Instrumentation;

/// <summary>Well-known ready milestones.</summary>
public static class StartupMilestones
{
    /// <summary>The moment the first LLM request begins: the default ready milestone.</summary>
    public const string FirstLlmCall = "first_llm_call";
}
