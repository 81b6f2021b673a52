using Aurora.Cli.Tests.Infrastructure;
using Aurora.Instrumentation;

namespace Aurora.Cli.Tests;

/// <summary>The report and spans a run produces: what dashboards and the benchmark tool read.</summary>
[Collection(AurWorkspaceDefinition.Name)]
public sealed class StartupReportTests(WorkspaceTemplate template)
{
    private static readonly string[] s_aurorasOrder =
    [
        StartupPhases.Runtime, StartupPhases.ModelLoad, StartupPhases.Config, StartupPhases.StoreInit,
        StartupPhases.AgentDiscovery, StartupPhases.OrchestratorInit,
    ];

    [Theory]
    [InlineData("soar", "test query")]
    [InlineData("goals", "ship version 2")]
    public async Task Report_has_every_phase_in_auroras_order_with_model_load_in_the_background(string command, string text)
    {
        using var dir = template.CopyToNew();
        var reportPath = dir.Combine("report.json");
        var result = await AurRun.RunAsync(dir.Path, new Dictionary<string, string> { ["AURORA_STARTUP_REPORT"] = reportPath }, command, text);
        Assert.True(result.ExitCode == 0, result.ToString());

        var report = Reports.Read(reportPath);
        Assert.Equal(StartupReport.SchemaId, report.Schema);
        Assert.Equal(command, report.Command);
        Assert.True(report.Completed);
        Assert.Equal(StartupMilestones.FirstLlmCall, report.Milestone);
        Assert.Equal(s_aurorasOrder, report.Phases.Select(p => p.Name));
        Assert.All(report.Phases, p => Assert.True(p.Completed, p.Name));

        var model = report.Phase(StartupPhases.ModelLoad);
        Assert.True(model.Background);
        Assert.NotNull(model.LazyWaitMs); // the router asked for the model: its wait is recorded
        Assert.True(model.LazyWaiters >= 1);
        Assert.All(report.Phases.Where(p => p.Name != StartupPhases.ModelLoad), p => Assert.False(p.Background, p.Name));

        // Started first: before config, which is the first critical-path phase after runtime.
        Assert.True(model.StartMs <= report.Phase(StartupPhases.Config).StartMs);
        Assert.NotNull(report.Phase(StartupPhases.Config).LazyWaitMs);    // lazy
        Assert.NotNull(report.Phase(StartupPhases.StoreInit).LazyWaitMs); // async lazy

        // The query never goes into the report.
        Assert.DoesNotContain(text, File.ReadAllText(reportPath));
    }

    [Fact]
    public async Task The_shipped_budget_file_applies_the_original_guides_budgets()
    {
        using var dir = template.CopyToNew();
        var reportPath = dir.Combine("report.json");
        var result = await AurRun.RunAsync(dir.Path, new Dictionary<string, string> { ["AURORA_STARTUP_REPORT"] = reportPath }, "soar", "test query");
        Assert.True(result.ExitCode == 0, result.ToString());

        var report = Reports.Read(reportPath);
        Assert.Equal(3000, report.TotalBudgetMs);
        Assert.Equal(2000, report.Phase(StartupPhases.Runtime).BudgetMs);
        Assert.Equal(500, report.Phase(StartupPhases.Config).BudgetMs);
        Assert.Equal(100, report.Phase(StartupPhases.StoreInit).BudgetMs);
        Assert.Equal(1000, report.Phase(StartupPhases.AgentDiscovery).BudgetMs);
        Assert.Null(report.Phase(StartupPhases.ModelLoad).BudgetMs);
        Assert.Contains("budget 3000 ms", result.StandardError);
    }

    [Fact]
    public async Task Strict_budget_mode_turns_an_error_level_overrun_into_the_exit_code()
    {
        using var dir = template.CopyToNew();
        var budgets = dir.Combine("tight.budgets.json");
        // 1 µs cannot be met by reading a file: the overrun is certain, not a timing race.
        await File.WriteAllTextAsync(budgets, """{ "commands": { "soar": { "phases": { "config": { "budget": "1us", "level": "error" } } } } }""");
        var environment = new Dictionary<string, string> { ["AURORA_BUDGETS"] = budgets };

        var warn = await AurRun.RunAsync(dir.Path, environment, "soar", "test query");
        Assert.True(warn.ExitCode == 0, warn.ToString());
        Assert.Contains("⚠", warn.StandardError);

        environment["AURORA_BUDGET_MODE"] = "strict";
        var strict = await AurRun.RunAsync(dir.Path, environment, "soar", "test query");
        Assert.True(strict.ExitCode == 3, strict.ToString());
        Assert.Contains("strict budget mode", strict.StandardError);
        Assert.Contains("(coder, match", strict.StandardOutput); // the command itself still ran
    }

    [Fact]
    public async Task Otlp_endpoint_variable_alone_exports_the_startup_span_tree()
    {
        using var dir = template.CopyToNew();
        await using var collector = await LoopbackStubServer.StartAsync((_, context) =>
        {
            context.Response.ContentType = "application/x-protobuf";
            return Task.CompletedTask;
        });

        var result = await AurRun.RunAsync(dir.Path, new Dictionary<string, string>
        {
            ["AURORA_TELEMETRY"] = "auto",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseAddress.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["AURORA_EXPORT_FLUSH_MS"] = "20000", // generous: this test checks what is sent, not how fast
            ["AURORA_SPOOL_DIR"] = dir.Combine("spool"),
        }, "soar", "secret query text");
        Assert.True(result.ExitCode == 0, result.ToString());

        var traces = collector.Requests.Where(r => r.Path == "/v1/traces").ToList();
        Assert.True(traces.Count > 0, "no trace export; requests: " + string.Join(", ", collector.Requests.Select(r => r.Path)) + "\n" + result);
        var body = string.Concat(traces.Select(t => System.Text.Encoding.Latin1.GetString(t.Body)));
        var spans = traces.SelectMany(t => OtlpSpans.Parse(t.Body)).ToList();
        var root = Assert.Single(spans, s => s.Name == "aurora.startup");
        var phases = spans.Where(s => s.Name.StartsWith("startup.", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            new[] { "startup.agent_discovery", "startup.config", "startup.model_load", "startup.orchestrator_init", "startup.runtime", "startup.store_init" },
            phases.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(phases, p =>
        {
            Assert.Equal(root.TraceId, p.TraceId);
            Assert.True(p.ParentSpanId == root.SpanId, $"{p.Name} is not a child of the root span");
        });

        Assert.Contains("first_llm_call", body);
        Assert.DoesNotContain("secret query text", body);
    }
}
