using Aurora.Instrumentation;
using Aurora.Instrumentation.Testing.Checks;
using Aurora.Instrumentation.Testing.Statistics;
using Aurora.Startup.Tool.Tests.Fakes;

namespace Aurora.Startup.Tool.Tests.Checks;

public class BudgetAggregationTests
{
    private static readonly BudgetSet s_budgets = new BudgetSet()
        .Add("soar", "config", new Budget(TimeSpan.FromMilliseconds(20), BudgetLevel.Error))
        .Add(BudgetSet.AllCommands, "store_init", new Budget(TimeSpan.FromMilliseconds(5), BudgetLevel.Warn, TimeSpan.FromMilliseconds(0.5)))
        .Add(BudgetSet.AllCommands, BudgetSet.Total, new Budget(TimeSpan.FromMilliseconds(130), BudgetLevel.Error));

    private static IReadOnlyList<BudgetVerdict> Check(Aggregate aggregate)
        => BudgetChecker.Check(s_budgets, "soar", "test", BudgetChecker.AggregatedValues(SampleResults.Create().Metrics, aggregate));

    [Fact]
    public void Median_ignores_one_slow_run()
    {
        // config 10 11 9 10 30: median 10 ≤ 20; total median 121 ≤ 130; store_init median 5 ≤ 5.5.
        var verdicts = Check(Aggregate.Median);

        Assert.Equal(["config", "store_init", "total"], verdicts.Select(v => v.Phase).Order());
        Assert.DoesNotContain(verdicts, v => v.Exceeded);
    }

    [Fact]
    public void P95_catches_the_slow_tail()
    {
        // config p95 = 11 + 0.8·19 = 26.2 > 20 (error); total p95 = 125 + 0.8·15 = 137 > 130; store_init p95 5.8 > 5.5 (warn).
        var verdicts = Check(Aggregate.P95).ToDictionary(v => v.Phase);

        Assert.True(verdicts["config"].IsError);
        Assert.Equal(26.2, verdicts["config"].ActualMs, 6);
        Assert.True(verdicts["total"].IsError);
        Assert.True(verdicts["store_init"].Exceeded);
        Assert.False(verdicts["store_init"].IsError);
        Assert.Equal(5.5, verdicts["store_init"].AllowedMs, 6);
    }

    [Fact]
    public void Phases_without_budget_and_other_commands_are_skipped()
    {
        var verdicts = BudgetChecker.Check(s_budgets, "goals", "test", [("config", 999), ("runtime", 999), ("total", 10)]);

        Assert.Equal(["total"], verdicts.Select(v => v.Phase));
    }

    [Fact]
    public void Report_values_are_every_phase_once_and_the_total()
    {
        var report = new StartupReport
        {
            Command = "soar",
            TotalMs = 99,
            Phases = [new PhaseReport { Name = "config", DurationMs = 3 }, new PhaseReport { Name = "config", DurationMs = 4 }, new PhaseReport { Name = "store_init", DurationMs = 1 }],
        };

        Assert.Equal([("config", 3.0), ("store_init", 1.0), ("total", 99.0)], BudgetChecker.ValuesOf(report));
    }
}
