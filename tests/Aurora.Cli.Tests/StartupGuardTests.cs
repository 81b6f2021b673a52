using Aurora.Cli.Tests.Infrastructure;
using Aurora.Instrumentation.Testing;

namespace Aurora.Cli.Tests;

/// <summary>
/// The performance guide's <c>TestRegressionGuards</c> for the sample, in C# with Aurora.Instrumentation.Testing: named
/// tests that run alone with <c>dotnet test tests/Aurora.Cli.Tests --filter Category=StartupGuard</c>
/// (<c>make test-guards</c>). The thresholds are the sample's budget file, the one <c>aur</c> ships and checks at
/// runtime; the runs are <c>aur soar</c> as a user starts it, in a fresh copy of an initialised workspace.
/// </summary>
[Trait("Category", "StartupGuard")]
[Collection(AurWorkspaceDefinition.Name)]
public sealed class StartupGuardTests(WorkspaceTemplate template)
{
    /// <summary>Shipped next to aur.dll; the guide's budgets (runtime &lt; 2 s, config &lt; 0.5 s, store &lt; 0.1 s, soar &lt; 3 s).</summary>
    private static string Budgets => Path.Combine(Path.GetDirectoryName(AurRun.AurDll)!, "aurora.budgets.json");

    [Fact]
    public async Task Soar_stays_within_its_startup_budgets()
    {
        using var workspace = template.CopyToNew();

        (await Soar(workspace).RunAsync()).AssertWithinBudgets(Budgets);
    }

    [Fact]
    public async Task Goals_stays_within_its_startup_budgets()
    {
        using var workspace = template.CopyToNew();

        (await Guard(workspace, "goals", "ship the release").RunAsync()).AssertWithinBudgets(Budgets);
    }

    [Fact]
    public async Task Soar_loads_no_telemetry_SDK_and_no_HTTP_stack_before_its_first_LLM_call()
    {
        // "No heavy imports at module level": the OpenTelemetry SDK and the HTTP stack stay off the critical path
        // (the offline responder needs no HTTP; telemetry export, when on, runs after ready).
        using var workspace = template.CopyToNew();

        var runs = await Soar(workspace).RunAsync();

        runs.AssertNotLoadedBeforeReady("OpenTelemetry*").AssertNotLoadedBeforeReady("System.Net.Http");

        // The check sees what does load before ready: store_init opens the SQLite store.
        Assert.Throws<StartupGuardException>(() => runs.AssertNotLoadedBeforeReady("Microsoft.Data.Sqlite"));
    }

    [Fact]
    public async Task The_embedding_model_loads_in_the_background_without_blocking()
    {
        using var workspace = template.CopyToNew();

        (await Soar(workspace).RunAsync()).AssertHidden("model_load", atLeastPercent: 95);
    }

    private static StartupGuard Soar(TempDirectory workspace) => Guard(workspace, "soar", "test query");

    /// <summary>Like <see cref="AurRun"/>: the test host's AURORA_*, OTEL_* and trace context left out, telemetry export off.</summary>
    private static StartupGuard Guard(TempDirectory workspace, params string[] args)
    {
        var guard = StartupGuard.ForDotNet(AurRun.AurDll, args);
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if ((name.StartsWith("AURORA_", StringComparison.Ordinal) || name.StartsWith("OTEL_", StringComparison.Ordinal) || name is "TRACEPARENT" or "TRACESTATE")
                && name != "AURORA_RECORD_ASSEMBLY_LOADS")
            {
                guard = guard.WithEnvironment(name, null);
            }
        }

        return guard.WithEnvironment("AURORA_TELEMETRY", "off").WithEnvironment("AURORA_WORKSPACE", workspace.Path);
    }
}
