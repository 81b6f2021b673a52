namespace Aurora.Instrumentation.OpenTelemetry.Tests.Docs;

/// <summary>
/// The code of docs/getting-started.md. Each region between "snippet:" markers is copied verbatim into the page;
/// <see cref="GettingStartedSnippetTests"/> fails when the page and this file drift apart, and runs the snippets.
/// </summary>
internal static class GettingStartedSnippets
{
    private static string? s_config;

    public static int FiveLineMain()
    {
        // snippet: five-lines
        using var telemetry = AuroraTelemetry.Start();          // exporters from AURORA_TELEMETRY / OTEL_*; nothing heavy here
        using var startup = telemetry.StartTimeline("soar");    // root span from process start, plus the `runtime` phase
        using (startup.BeginPhase(StartupPhases.Config))
        {
            s_config = LoadConfig();
        }

        startup.MarkReady();                                     // right before the first LLM request
        // end-snippet
        return s_config.Length;
    }

    public static async Task<int> LazyAndBudgetedMain(string budgetFile)
    {
        // snippet: lazies-and-budgets
        using var telemetry = AuroraTelemetry.Start();
        using var startup = telemetry.StartTimeline("soar", new StartupTimelineOptions
        {
            BudgetFilePath = budgetFile,                         // AURORA_BUDGETS overrides it
        });

        // Heavy work starts on the thread pool now; the span tells whether it stayed off the critical path.
        await using var model = startup.StartBackgroundLoad(StartupPhases.ModelLoad, ct => LoadModelAsync(ct));
        using var config = startup.CreateLazy(StartupPhases.Config, LoadConfig);
        await using var store = startup.CreateAsyncLazy(StartupPhases.StoreInit, ct => OpenStoreAsync(config.Value, ct));

        var memories = await store.GetValueAsync();
        var embeddings = await model.GetValueAsync();
        startup.MarkReady();
        // end-snippet
        return memories + embeddings.Length;
    }

    private static string LoadConfig() => "{ }";

    private static async Task<float[]> LoadModelAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return new float[64];
    }

    private static Task<int> OpenStoreAsync(string config, CancellationToken cancellationToken)
        => Task.FromResult(config.Length);
}
