using System.Diagnostics;
using Aurora.Cli.Agents;
using Aurora.Cli.Configuration;
using Aurora.Cli.Embeddings;
using Aurora.Cli.Llm;
using Aurora.Cli.Orchestration;
using Aurora.Cli.Store;
using Aurora.Cli.Workspace;
using Aurora.Instrumentation;

namespace Aurora.Cli.Startup;

/// <summary>
/// Aurora's startup, in Aurora's order, one method per phase: <c>runtime</c> (automatic) → <c>model_load</c>
/// (background, started first) → <c>config</c> (lazy) → <c>store_init</c> (async lazy) → <c>agent_discovery</c> →
/// <c>orchestrator_init</c>. The caller marks <c>first_llm_call</c> when the orchestrator sends its first request.
/// A workspace that does not exist yet is first created with defaults (<c>workspace_init</c>).
/// </summary>
internal sealed class StartupSequence(StartupTimeline timeline, WorkspaceLayout layout, CliOutput output, SampleSlowdown slowdown)
{
    public const string WorkspaceInitPhase = "workspace_init";
    private const int StoreBusyTimeoutMs = 1000;

    public async Task<AuroraSession> RunAsync(CancellationToken cancellationToken)
    {
        if (!layout.Exists)
        {
            await CreateWorkspaceAsync(cancellationToken).ConfigureAwait(false);
        }

        var model = StartModelLoad();
        var lazyConfig = CreateConfig();
        var session = new AuroraSession(model, lazyConfig, CreateStore(lazyConfig));
        try
        {
            // config, then store_init: the first use of each lazy is where (and when) its phase is recorded.
            var config = session.Config.Value;
            var store = await session.Store.GetValueAsync(cancellationToken).ConfigureAwait(false);
            var agents = DiscoverAgents(config);
            session.Orchestrator = InitOrchestrator(config, agents, session.Model, store);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A fresh checkout: create the workspace with defaults so the first command works on its own.</summary>
    private async Task CreateWorkspaceAsync(CancellationToken cancellationToken)
    {
        using var phase = timeline.BeginPhase(WorkspaceInitPhase);
        var started = Stopwatch.GetTimestamp();
        output.Note($"no workspace in {layout.Root}; creating {WorkspaceLayout.DirectoryName}/ with defaults (run `aur init` to create it explicitly)");
        var builder = new WorkspaceBuilder(layout, force: false);
        builder.CreateDirectories();
        var config = builder.WriteConfig(output);
        await builder.CreateStoreAsync(config, cancellationToken).ConfigureAwait(false);
        builder.WriteAgents(config);
        builder.WriteModel();
        slowdown.Extend(WorkspaceInitPhase, started);
    }

    /// <summary>model_load: read the embedding table and build the index on the thread pool, started first.</summary>
    private BackgroundLoad<EmbeddingModel> StartModelLoad()
    {
        var path = layout.ModelFile;
        return timeline.StartBackgroundLoad(StartupPhases.ModelLoad, _ =>
        {
            var started = Stopwatch.GetTimestamp();
            var model = LoadModel(path);
            slowdown.Extend(StartupPhases.ModelLoad, started);
            return model;
        });
    }

    /// <summary>config: read and validate <c>.aurora/config.json</c> on first use (defaults, with a warning, for anything bad).</summary>
    private StartupLazy<AuroraConfig> CreateConfig()
        => timeline.CreateLazy(StartupPhases.Config, () =>
        {
            var started = Stopwatch.GetTimestamp();
            var config = ConfigFile.Read(layout.ConfigFile, output);
            slowdown.Extend(StartupPhases.Config, started);
            return config;
        });

    /// <summary>store_init: on first use, open the SQLite store, run pending migrations, count memories.</summary>
    private StartupAsyncLazy<MemoryStore> CreateStore(StartupLazy<AuroraConfig> config)
        => timeline.CreateAsyncLazy(StartupPhases.StoreInit, async cancellationToken =>
        {
            var started = Stopwatch.GetTimestamp();
            var store = await MemoryStore.OpenAsync(layout.Resolve(config.Value.StorePath), StoreBusyTimeoutMs, cancellationToken).ConfigureAwait(false);
            if (store.MigrationsApplied > 0)
            {
                output.Note($"store {store.Path}: applied {store.MigrationsApplied} pending migration(s)");
            }

            slowdown.Extend(StartupPhases.StoreInit, started);
            return store;
        });

    /// <summary>agent_discovery: scan and parse the agent manifests (bad ones are skipped with a warning).</summary>
    private IReadOnlyList<AgentManifest> DiscoverAgents(AuroraConfig config)
    {
        using var phase = timeline.BeginPhase(StartupPhases.AgentDiscovery);
        var started = Stopwatch.GetTimestamp();
        var agents = AgentCatalog.Discover(layout.Resolve(config.AgentsPath), output);
        slowdown.Extend(StartupPhases.AgentDiscovery, started);
        return agents;
    }

    /// <summary>orchestrator_init: the LLM client and the orchestrator (the model is awaited later, when routing).</summary>
    private Orchestrator InitOrchestrator(AuroraConfig config, IReadOnlyList<AgentManifest> agents, BackgroundLoad<EmbeddingModel> model, MemoryStore store)
    {
        using var phase = timeline.BeginPhase(StartupPhases.OrchestratorInit);
        var started = Stopwatch.GetTimestamp();
        var llm = LlmSettings.Resolve(config, output).CreateClient();
        var orchestrator = new Orchestrator(agents, model.GetValueAsync, llm, store, config);
        slowdown.Extend(StartupPhases.OrchestratorInit, started);
        return orchestrator;
    }

    private static EmbeddingModel LoadModel(string path)
    {
        try
        {
            return EmbeddingModel.Load(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliFailure(ExitCodes.Model, $"embedding model {path} is missing (run `aur init` to generate it)", ex);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new CliFailure(ExitCodes.Model, $"embedding model {path} cannot be loaded: {ex.Message} (the file was left untouched; `aur init --force` regenerates it)", ex);
        }
    }
}
