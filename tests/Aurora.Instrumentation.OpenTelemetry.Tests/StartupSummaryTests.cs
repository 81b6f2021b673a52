namespace Aurora.Instrumentation.OpenTelemetry.Tests;

public sealed class StartupSummaryTests
{
    [Fact]
    public void Summary_names_each_phase_with_duration_budget_status_and_background_mark()
    {
        var report = new StartupReport
        {
            Command = "soar",
            Completed = true,
            Milestone = "first_llm_call",
            TotalMs = 412.34,
            TotalBudgetMs = 3000,
            Phases =
            [
                new PhaseReport { Name = "runtime", DurationMs = 61.2, BudgetMs = 2000 },
                new PhaseReport { Name = "config", DurationMs = 612.0, BudgetMs = 500, Exceeded = true },
                new PhaseReport { Name = "model_load", DurationMs = 250, Background = true, LazyWaitMs = 0 },
            ],
            Overruns = [new BudgetOverrun { Phase = "config", BudgetMs = 500, ActualMs = 612, Level = "warn" }],
        };

        var lines = StartupSummary.Format(report).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("aurora: soar ready (first_llm_call) in 412.3 ms ✓ budget 3000 ms", lines[0]);
        Assert.Matches(@"^  runtime\s+61\.2 ms\s+≤\s+2000 ms ✓$", lines[1]);
        Assert.Matches(@"^  config\s+612\.0 ms\s+≤\s+500 ms ⚠$", lines[2]);
        Assert.Matches(@"^  model_load \(bg\)\s+250\.0 ms\s+hidden 100%$", lines[3]);
        Assert.Equal("  ⚠ config took 612.0 ms, budget 500 ms (warn)", lines[4]);
    }

    [Fact]
    public void A_run_that_never_got_ready_says_so()
        => Assert.StartsWith("aurora: goals never ready; ran 12.0 ms", StartupSummary.Format(new StartupReport { Command = "goals", TotalMs = 12 }));

    [Fact]
    public void A_broken_writer_is_swallowed()
        => StartupSummary.Write(new StartupReport { Command = "x" }, new BrokenWriter());

    private sealed class BrokenWriter : StringWriter
    {
        public override void Write(string? value) => throw new IOException("closed");
    }
}
