using Aurora.Cli.Configuration;
using Aurora.Cli.Embeddings;
using Aurora.Cli.Orchestration;
using Aurora.Cli.Store;
using Aurora.Instrumentation;

namespace Aurora.Cli.Startup;

/// <summary>
/// What startup produces: the orchestrator, ready for the first LLM call, and the lazies it was built from (the
/// background model load, the lazy config, the async-lazy store), which own their values and dispose them.
/// </summary>
internal sealed class AuroraSession(
    BackgroundLoad<EmbeddingModel> model,
    StartupLazy<AuroraConfig> config,
    StartupAsyncLazy<MemoryStore> store) : IAsyncDisposable
{
    private Orchestrator? _orchestrator;

    /// <summary>Set by the last startup phase, <c>orchestrator_init</c>.</summary>
    public Orchestrator Orchestrator
    {
        get => _orchestrator ?? throw new InvalidOperationException("startup has not reached orchestrator_init");
        set => _orchestrator = value;
    }

    public BackgroundLoad<EmbeddingModel> Model { get; } = model;

    public StartupLazy<AuroraConfig> Config { get; } = config;

    public StartupAsyncLazy<MemoryStore> Store { get; } = store;

    public async ValueTask DisposeAsync()
    {
        _orchestrator?.Llm.Dispose();

        // Closes the SQLite connection; cancels the model load if a failure ended startup before it finished.
        await Store.DisposeAsync().ConfigureAwait(false);
        await Model.DisposeAsync().ConfigureAwait(false);
        await Config.DisposeAsync().ConfigureAwait(false);
    }
}
