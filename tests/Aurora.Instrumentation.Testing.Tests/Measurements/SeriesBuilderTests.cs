using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;

namespace Aurora.Instrumentation.Testing.Tests.Measurements;

public class SeriesBuilderTests
{
    private static RunOutcome Run(double total, double overhead, double configMs, double? modelWait)
        => new()
        {
            Status = RunStatus.Ok,
            WallMs = total + 20,
            Report = new StartupReport
            {
                Command = "soar",
                TotalMs = total,
                OverheadMs = overhead,
                Phases =
                [
                    new PhaseReport { Name = "runtime", StartMs = 0, DurationMs = 40, JitMethods = 70, JitTimeMs = 20, AssembliesLoaded = 12, AllocatedBytes = 1000 },
                    new PhaseReport { Name = "model_load", StartMs = 41, DurationMs = 100, Background = true, LazyWaitMs = modelWait, LazyWaiters = 1 },
                    new PhaseReport { Name = "config", StartMs = 42, DurationMs = configMs, JitMethods = 50, LazyWaitMs = configMs },
                ],
            },
        };

    [Fact]
    public void Phases_carry_their_counters_and_the_runs_give_unattributed_and_overhead_rows()
    {
        var series = SeriesBuilder.Build([Run(100, 1.5, 8, 0), new RunOutcome { Status = RunStatus.Failed, Error = "x" }, Run(110, 2.5, 10, 50)]);
        var byName = series.ToDictionary(s => s.Name);

        Assert.Equal(["runtime", "model_load", "config", "total", "unattributed", "overhead", "wall"], series.Select(s => s.Name));
        Assert.Equal([70.0, 70.0], byName["runtime"].Counters!.JitMethods);
        Assert.Equal([8.0, 10.0], byName["config"].Counters!.LazyWaitMs);
        Assert.Empty(byName["config"].Counters!.HiddenPercent);
        Assert.Equal([100.0, 50.0], byName["model_load"].Counters!.HiddenPercent);

        // Unattributed: 40–42 and after config (50 or 52) to ready, the background load covering nothing.
        Assert.Equal([2 + 50.0, 2 + 58.0], byName["unattributed"].Values);
        Assert.Equal([1.5, 2.5], byName["overhead"].Values);
        Assert.Equal([0, 2], byName["overhead"].RunIndexes);
        Assert.Null(byName["total"].Counters);
        Assert.All(series, s => Assert.Equal(s.Kind is MetricKind.Phase or MetricKind.Total or MetricKind.Wall, s.IsCompared));
    }
}
