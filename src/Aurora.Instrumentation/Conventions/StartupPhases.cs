namespace Aurora.Instrumentation;

/// <summary>Well-known phase ids. Apps may add their own (lower_snake_case).</summary>
public static class StartupPhases
{
    /// <summary>Process start → first instrumented line in <c>Main</c> (host and runtime start). Recorded automatically.</summary>
    public const string Runtime = "runtime";

    /// <summary>Reading and validating configuration.</summary>
    public const string Config = "config";

    /// <summary>Opening (and migrating) the local store.</summary>
    public const string StoreInit = "store_init";

    /// <summary>Finding and parsing agent manifests.</summary>
    public const string AgentDiscovery = "agent_discovery";

    /// <summary>Loading the embedding model, usually in the background.</summary>
    public const string ModelLoad = "model_load";

    /// <summary>Building the orchestrator.</summary>
    public const string OrchestratorInit = "orchestrator_init";
}
