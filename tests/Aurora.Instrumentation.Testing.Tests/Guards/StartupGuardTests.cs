using Aurora.Instrumentation.Testing.Tests.Fakes;

namespace Aurora.Instrumentation.Testing.Tests.Guards;

/// <summary>
/// The guard's assertions against the fake command, whose phases, background load and assembly loads are known. Phase
/// times are spins of known length with margins of 10× or more, so a loaded machine cannot turn a verdict round.
/// </summary>
[Collection(SerialChildProcesses.Name)]
public sealed class StartupGuardTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static StartupGuard Fake(params string[] options)
        => StartupGuard.ForDotNet(ChildCommands.TestAssembly, ["fake", "--command", "guarded", .. options]).WithRuns(3).WithWarmup(0);

    private string BudgetFile(string json)
    {
        var path = _temp.File(Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    private string ConfigBudget(string budget, string level)
        => BudgetFile($$"""{ "commands": { "guarded": { "phases": { "config": { "budget": "{{budget}}", "level": "{{level}}" } }, "total": "60s" } } }""");

    [Fact]
    public async Task Runs_within_their_budgets_pass()
    {
        var runs = await Fake("--phase", "config:5").RunAsync();

        Assert.Same(runs, runs.AssertWithinBudgets(ConfigBudget("10s", "error")));
        Assert.Equal(3, runs.Reports.Count);
        Assert.Empty(runs.Failures);
        Assert.InRange(runs.MedianMs("config")!.Value, 4.5, 10_000);
        Assert.True(runs.MedianMs("total") > runs.MedianMs("config"));
        Assert.Null(runs.MedianMs("no_such_phase"));
    }

    [Fact]
    public async Task An_error_level_overrun_fails_with_the_budget_and_the_per_phase_table()
    {
        var runs = await Fake("--phase", "config:8", "--phase", "store_init:1").RunAsync();

        var failure = Assert.Throws<StartupGuardException>(() => runs.AssertWithinBudgets(ConfigBudget("1ms", "error")));

        Assert.Contains("startup guard failed for ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("1 startup budget(s) of 'guarded' exceeded", failure.Message, StringComparison.Ordinal);
        Assert.Matches(@"config: median \d+\.\d+ ms > 1\.00 ms allowed \(error budget 1\.00 ms\)", failure.Message);
        Assert.Contains("OVER (error)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("3 of 3 runs ok, 0 warm-up", failure.Message, StringComparison.Ordinal);
        Assert.Matches(@"\nstore_init\s+3\s", failure.Message);
        Assert.Matches(@"\ntotal \(to ready\)\s+3\s", failure.Message);
    }

    [Fact]
    public async Task A_warn_level_overrun_fails_only_when_warnings_are_asked_to_fail()
    {
        var runs = await Fake("--phase", "config:8").RunAsync();
        var budgets = ConfigBudget("1ms", "warn");

        runs.AssertWithinBudgets(budgets);
        var failure = Assert.Throws<StartupGuardException>(() => runs.AssertWithinBudgets(budgets, BudgetLevel.Warn));
        Assert.Contains("over (warn)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_or_foreign_budget_file_checks_nothing_and_fails()
    {
        var runs = await Fake("--phase", "config:1").WithRuns(1).RunAsync();

        var broken = Assert.Throws<StartupGuardException>(() => runs.AssertWithinBudgets(BudgetFile("""{ "commands": { "guarded": { "total": "soon" } } }""")));
        var foreign = Assert.Throws<StartupGuardException>(() => runs.AssertWithinBudgets(BudgetFile("""{ "commands": { "other": { "total": "1s" } } }""")));
        var missing = Assert.Throws<StartupGuardException>(() => runs.AssertWithinBudgets(_temp.File("missing.json")));

        Assert.Contains("1 error(s), so nothing was checked", broken.Message, StringComparison.Ordinal);
        Assert.Contains("no budget in", foreign.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_assembly_the_JIT_loaded_before_Start_counts_as_loaded_before_ready()
    {
        // The fake's method that calls StartupTimeline.Start mentions System.Xml.Linq's XName in a branch that never
        // runs: compiling the method loads the assembly before the timeline exists.
        var runs = await Fake("--phase", "config:1").RunAsync();

        var failure = Assert.Throws<StartupGuardException>(() => runs.AssertNotLoadedBeforeReady("System.Private.Xml.Linq"));

        Assert.Contains("System.Private.Xml.Linq loaded before ready in 3 of 3 runs", failure.Message, StringComparison.Ordinal);
        Assert.All(runs.Reports, report => Assert.Contains("System.Private.CoreLib", report.AssembliesLoadedBeforeReady));
    }

    [Fact]
    public async Task An_assembly_loaded_after_ready_passes_and_one_loaded_before_fails()
    {
        var after = await Fake("--load-after-ready", "System.Net.Mail").RunAsync();
        var before = await Fake("--load-before-ready", "System.Net.Mail").WithRuns(2).RunAsync();

        after.AssertNotLoadedBeforeReady("System.Net.Mail").AssertNotLoadedBeforeReady("system.net.m*");
        var exact = Assert.Throws<StartupGuardException>(() => before.AssertNotLoadedBeforeReady("system.net.mail"));
        var prefix = Assert.Throws<StartupGuardException>(() => before.AssertNotLoadedBeforeReady("System.Net.Ma*"));

        Assert.Contains("System.Net.Mail loaded before ready in 2 of 2 runs", exact.Message, StringComparison.Ordinal);
        Assert.Contains("System.Net.Mail loaded before ready", prefix.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_that_name_no_assembly_cannot_pass_an_assembly_guard()
    {
        var runs = await Fake("--load-after-ready", "System.Net.Mail").WithEnvironment("AURORA_RECORD_ASSEMBLY_LOADS", "0").WithRuns(1).RunAsync();

        var failure = Assert.Throws<StartupGuardException>(() => runs.AssertNotLoadedBeforeReady("System.Net.Mail"));
        Assert.Contains("named no assembly loaded before ready", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_background_load_shorter_than_the_critical_path_is_hidden_and_a_longer_one_is_not()
    {
        // Hidden: 20 ms in the background while the critical path spins 400 ms. Waited for: 400 ms in the background
        // against 10 ms on the critical path, so callers wait ~97 % of it.
        var hidden = await Fake("--background-load", "model_load:20", "--phase", "config:400").RunAsync();
        var waited = await Fake("--background-load", "model_load:400", "--phase", "config:10").RunAsync();

        hidden.AssertHidden("model_load", atLeastPercent: 95);
        var failure = Assert.Throws<StartupGuardException>(() => waited.AssertHidden("model_load", atLeastPercent: 95));

        Assert.Matches(@"model_load was \d+(\.\d)? % hidden \(median of 3 runs: ", failure.Message);
        Assert.Contains("model_load (background)", failure.Message, StringComparison.Ordinal);
        Assert.All(waited.Reports, report => Assert.InRange(report.FindPhase("model_load")!.HiddenPercent!.Value, 0, 60));
    }

    [Fact]
    public async Task A_phase_that_is_no_background_load_has_no_hidden_share()
    {
        var runs = await Fake("--phase", "config:1", "--background", "warmup_thread:1").WithRuns(1).RunAsync();

        Assert.Contains("not a background load", Assert.Throws<StartupGuardException>(() => runs.AssertHidden("config", 50)).Message, StringComparison.Ordinal);
        Assert.Contains("not a background load", Assert.Throws<StartupGuardException>(() => runs.AssertHidden("warmup_thread", 50)).Message, StringComparison.Ordinal);
        Assert.Contains("missing from a run", Assert.Throws<StartupGuardException>(() => runs.AssertHidden("model_load", 50)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_runs_fail_every_assertion_with_their_errors()
    {
        var runs = await Fake("--exit", "4").WithRuns(2).RunAsync();

        Assert.Equal(2, runs.Failures.Count);
        Assert.Empty(runs.Reports);
        foreach (var assertion in new Action[] { () => runs.AssertWithinBudgets(ConfigBudget("1s", "error")), () => runs.AssertNotLoadedBeforeReady("X"), () => runs.AssertHidden("model_load", 1) })
        {
            var failure = Assert.Throws<StartupGuardException>(assertion);
            Assert.Contains("2 of 2 runs failed", failure.Message, StringComparison.Ordinal);
            Assert.Contains("run 1: failed: exit code 4", failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_hanging_run_is_killed_at_the_timeout_and_fails()
    {
        var runs = await Fake("--hang").WithRuns(1).WithTimeout(TimeSpan.FromSeconds(3)).RunAsync();

        Assert.StartsWith("run 1: timed-out: timed out after 3s", Assert.Single(runs.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_are_validated_and_each_With_returns_a_new_guard()
    {
        var guard = StartupGuard.For("app", "a b");
        var tuned = guard.WithRuns(7).WithWarmup(0).WithTimeout(TimeSpan.FromSeconds(5)).WithEnvironment("X", "1").WithEnvironment("Y", null);

        Assert.Equal((5, 1, TimeSpan.FromSeconds(60)), (guard.Runs, guard.Warmup, guard.Timeout));
        Assert.Equal((7, 0, TimeSpan.FromSeconds(5)), (tuned.Runs, tuned.Warmup, tuned.Timeout));
        Assert.Empty(guard.Environment);
        Assert.Equal(new Dictionary<string, string?> { ["X"] = "1", ["Y"] = null }, tuned.Environment);
        Assert.Equal("app 'a b'", guard.CommandLine);
        Assert.Throws<ArgumentOutOfRangeException>(() => guard.WithRuns(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => guard.WithWarmup(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => guard.WithTimeout(TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => StartupGuard.For(" "));
    }
}
