using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Budgets;

public sealed class BudgetModeTests
{
    private static BudgetSet ErrorAndWarn()
        => BudgetHarness.Budgets("config", 100, BudgetLevel.Error).Add("*", "store_init", new Budget(TimeSpan.FromMilliseconds(100)));

    [Fact]
    public void Warn_mode_reports_error_level_overruns_but_never_fails_the_run()
    {
        using var run = BudgetHarness.Start(ErrorAndWarn(), BudgetMode.Warn);
        run.Run("config", 200);
        Assert.Equal(StartupMessageLevel.Error, Assert.Single(run.Sink.Messages).Level);
        run.Timeline.Dispose();
        Assert.False(run.Timeline.BudgetFailed);
        Assert.Equal(0, run.Timeline.ExitCode);
        Assert.Empty(run.ExitCodes);
    }

    [Fact]
    public void Strict_mode_fails_the_run_on_an_error_level_overrun()
    {
        using var run = BudgetHarness.Start(ErrorAndWarn(), BudgetMode.Strict);
        run.Run("config", 200);
        Assert.True(run.Timeline.BudgetFailed);
        Assert.Equal(StartupTimeline.BudgetFailureExitCode, run.Timeline.ExitCode);
        Assert.Equal(3, StartupTimeline.BudgetFailureExitCode);
        run.Timeline.Dispose();
        run.Timeline.Dispose();
        Assert.Equal([3], run.ExitCodes);
        var summary = run.Sink.Messages[^1];
        Assert.Equal(StartupMessageLevel.Error, summary.Level);
        Assert.Equal("strict budget mode: 1 error-level budget overrun(s); exit code 3", summary.Text);
    }

    [Fact]
    public void Strict_mode_does_not_fail_on_warn_level_overruns()
    {
        using var run = BudgetHarness.Start(ErrorAndWarn(), BudgetMode.Strict);
        run.Run("store_init", 500);
        run.Run("config", 100);
        run.Timeline.Dispose();
        Assert.False(run.Timeline.BudgetFailed);
        Assert.Empty(run.ExitCodes);
        Assert.Single(run.Sink.Messages);
    }

    [Fact]
    public void Off_mode_checks_nothing_and_does_not_read_the_file()
    {
        using var spans = new SpanRecorder();
        using var run = BudgetHarness.Start(ErrorAndWarn(), BudgetMode.Off, budgetFile: "/nonexistent/aurora.budgets.json");
        run.Run("config", 900);
        run.Timeline.MarkReady();
        run.Timeline.Dispose();
        Assert.Empty(run.Sink.Messages);
        Assert.Null(spans.Single(run.Timeline, "startup.config").GetTagItem(StartupAttributes.BudgetMs));
        Assert.False(run.Timeline.BudgetFailed);
    }

    [Theory]
    [InlineData("strict", true)]
    [InlineData(" STRICT ", true)]
    [InlineData("warn", false)]
    [InlineData("", false)]
    public void The_mode_comes_from_AURORA_BUDGET_MODE_when_code_does_not_set_it(string value, bool fails)
    {
        using var run = BudgetHarness.Start(ErrorAndWarn(), environment: new() { ["AURORA_BUDGET_MODE"] = value });
        run.Run("config", 200);
        Assert.Equal(fails, run.Timeline.BudgetFailed);
        Assert.Single(run.Sink.Messages);
    }

    [Fact]
    public void AURORA_BUDGET_MODE_off_switches_the_checker_off()
    {
        using var run = BudgetHarness.Start(ErrorAndWarn(), environment: new() { ["AURORA_BUDGET_MODE"] = "off" });
        run.Run("config", 200);
        Assert.Empty(run.Sink.Messages);
    }

    [Fact]
    public void The_mode_set_in_code_wins_over_the_environment()
    {
        using var run = BudgetHarness.Start(ErrorAndWarn(), BudgetMode.Warn, environment: new() { ["AURORA_BUDGET_MODE"] = "strict" });
        run.Run("config", 200);
        Assert.False(run.Timeline.BudgetFailed);
    }

    [Fact]
    public void A_bad_mode_value_is_one_warning_and_warn_mode()
    {
        using var run = BudgetHarness.Start(ErrorAndWarn(), environment: new() { ["AURORA_BUDGET_MODE"] = "loud" });
        Assert.Equal(["AURORA_BUDGET_MODE='loud' is not warn, strict or off; using warn"], run.Texts);
        run.Run("config", 200);
        Assert.Equal(2, run.Sink.Messages.Count);
        Assert.False(run.Timeline.BudgetFailed);
    }

    [Fact]
    public void AURORA_BUDGETS_overrides_the_apps_default_file()
    {
        using var appDefault = new BudgetFileTests.TempFile();
        using var fromEnvironment = new BudgetFileTests.TempFile();
        File.WriteAllText(appDefault.Path, """{ "commands": { "*": { "phases": { "config": "100ms" } } } }""");
        File.WriteAllText(fromEnvironment.Path, """{ "commands": { "*": { "phases": { "config": "1s" } } } }""");

        using var run = BudgetHarness.Start(budgetFile: appDefault.Path, environment: new() { ["AURORA_BUDGETS"] = fromEnvironment.Path });
        run.Run("config", 500);
        Assert.Empty(run.Sink.Messages);
        Assert.Equal(1000.0, run.Timeline.CreateReport().FindPhase("config")!.BudgetMs);

        using var withDefault = BudgetHarness.Start(budgetFile: appDefault.Path);
        withDefault.Run("config", 500);
        Assert.Single(withDefault.Sink.Messages);
    }

    [Fact]
    public void The_file_is_layered_over_budgets_from_code()
    {
        using var file = new BudgetFileTests.TempFile();
        File.WriteAllText(file.Path, """{ "commands": { "*": { "phases": { "config": "1s" } } } }""");
        var code = BudgetHarness.Budgets("config", 100).Add("*", "store_init", new Budget(TimeSpan.FromMilliseconds(100)));
        using var run = BudgetHarness.Start(code, budgetFile: file.Path);
        run.Run("config", 500);
        run.Run("store_init", 500);
        Assert.Equal(["store_init took 500 ms, budget 100 ms (+400%)"], run.Texts);
    }

    [Fact]
    public void A_broken_file_is_reported_with_file_line_and_key_and_the_rest_still_applies()
    {
        using var file = new BudgetFileTests.TempFile();
        File.WriteAllText(file.Path, "{\n  \"commands\": {\n    \"*\": { \"phases\": { \"config\": \"100ms\", \"store_init\": \"fast\" } }\n  }\n}\n");
        using var run = BudgetHarness.Start(budgetFile: file.Path);
        var error = Assert.Single(run.Sink.Messages);
        Assert.Equal(StartupMessageLevel.Warning, error.Level);
        Assert.Equal($"budget file {file.Path}:3: commands.*.phases.store_init: 'fast' does not start with a number (write e.g. \"500ms\" or \"0.5s\"); this budget is ignored", error.Text);
        run.Run("config", 200);
        Assert.Equal(2, run.Sink.Messages.Count);
        run.Timeline.Dispose();
        Assert.False(run.Timeline.BudgetFailed);
    }

    [Fact]
    public void In_strict_mode_a_broken_file_fails_the_run_even_within_budget()
    {
        using var file = new BudgetFileTests.TempFile();
        File.WriteAllText(file.Path, "{ \"commands\": { \"*\": { \"phases\": { \"config\": \"1s\", \"store_init\": 100 } } } }");
        using var run = BudgetHarness.Start(budgetFile: file.Path, mode: BudgetMode.Strict);
        Assert.Equal(StartupMessageLevel.Error, Assert.Single(run.Sink.Messages).Level);
        run.Run("config", 10);
        run.Timeline.Dispose();
        Assert.True(run.Timeline.BudgetFailed);
        Assert.Equal([3], run.ExitCodes);
        Assert.Equal("strict budget mode: a broken budget file; exit code 3", run.Sink.Messages[^1].Text);
    }

    [Fact]
    public void In_strict_mode_a_missing_file_fails_the_run()
    {
        var missing = Path.Combine(Path.GetTempPath(), "aurora-nothing-" + Guid.NewGuid().ToString("N") + ".json");
        using var run = BudgetHarness.Start(mode: BudgetMode.Strict, environment: new() { ["AURORA_BUDGETS"] = missing });
        Assert.Equal($"budget file {missing}: budget file not found; no budgets from it", Assert.Single(run.Sink.Messages).Text);
        run.Timeline.Dispose();
        Assert.True(run.Timeline.BudgetFailed);
    }

    [Fact]
    public void Without_any_budgets_there_is_no_checker_and_nothing_to_fail()
    {
        using var run = BudgetHarness.Start(mode: BudgetMode.Strict);
        run.Run("config", 10_000);
        run.Timeline.Dispose();
        Assert.Empty(run.Sink.Messages);
        Assert.False(run.Timeline.BudgetFailed);
        Assert.Null(run.Timeline.CreateReport().FindPhase("config")!.BudgetMs);
    }
}
