using Aurora.Instrumentation;
using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Startup.Tool.Compare;
using Aurora.Startup.Tool.Statistics;

namespace Aurora.Startup.Tool.Tests.Compare;

public class RunPairsTests
{
    internal static RunOutcome Ok(double config, double? storeInit = 2, double total = 100, double wall = 150)
        => new()
        {
            Status = RunStatus.Ok,
            ExitCode = 0,
            WallMs = wall,
            Report = new StartupReport
            {
                Command = "soar",
                TotalMs = total,
                Phases =
                [
                    new PhaseReport { Name = "config", StartMs = 10, DurationMs = config },
                    .. storeInit is { } ms ? [new PhaseReport { Name = "store_init", StartMs = 20, DurationMs = ms }] : Array.Empty<PhaseReport>(),
                ],
            },
        };

    internal static RunOutcome Failed() => new() { Status = RunStatus.Failed, ExitCode = 9, WallMs = 50, Error = "exit code 9" };

    /// <summary>Eight pairs; head run 2 failed and head run 5 did not report store_init.</summary>
    private static (RunOutcome[] Base, RunOutcome[] Head) Runs()
    {
        var baseRuns = Enumerable.Range(0, 8).Select(i => Ok(config: 10 + i, storeInit: 2 + i, total: 100 + i, wall: 150 + i)).ToArray();
        var headRuns = Enumerable.Range(0, 8).Select(i => Ok(config: 20 + i, storeInit: 3 + i, total: 110 + i, wall: 160 + i)).ToArray();
        headRuns[2] = Failed();
        headRuns[5] = Ok(config: 25, storeInit: null, total: 115, wall: 165);
        return (baseRuns, headRuns);
    }

    [Fact]
    public void Series_keep_the_index_of_the_run_each_value_came_from()
    {
        var (_, head) = Runs();
        var series = SeriesBuilder.Build(head);

        Assert.Equal([0, 1, 3, 4, 5, 6, 7], series.Single(s => s.Name == "config").RunIndexes!);
        Assert.Equal([0, 1, 3, 4, 6, 7], series.Single(s => s.Name == "store_init").RunIndexes!);
        Assert.Equal([0, 1, 3, 4, 5, 6, 7], series.Single(s => s.Name == MetricSeries.TotalName).RunIndexes!);
        Assert.Equal([20, 21, 23, 24, 25, 26, 27], series.Single(s => s.Name == "config").Values);
    }

    [Fact]
    public void A_failed_run_drops_only_its_own_pair()
    {
        var (baseRuns, headRuns) = Runs();
        var baseSeries = SeriesBuilder.Build(baseRuns);
        var headSeries = SeriesBuilder.Build(headRuns);

        var config = RunPairs.Match(baseSeries.Single(s => s.Name == "config"), headSeries.Single(s => s.Name == "config"))!;
        var storeInit = RunPairs.Match(baseSeries.Single(s => s.Name == "store_init"), headSeries.Single(s => s.Name == "store_init"))!;

        // Pair 2 is gone for every metric (head failed); pair 5 only for store_init (head did not report it).
        Assert.Equal([(10.0, 20.0), (11, 21), (13, 23), (14, 24), (15, 25), (16, 26), (17, 27)], config);
        Assert.Equal([(2.0, 3.0), (3, 4), (5, 6), (6, 7), (8, 9), (9, 10)], storeInit);
    }

    [Fact]
    public void Series_without_run_indexes_have_no_pairs()
    {
        var withIndexes = SeriesBuilder.Build([Ok(5), Ok(6)]).Single(s => s.Name == "config");
        var withoutIndexes = new MetricSeries("config", MetricKind.Phase, [5, 6]);

        Assert.Null(RunPairs.Match(withoutIndexes, withIndexes));
        Assert.Null(RunPairs.Match(withIndexes, withoutIndexes));
    }

    [Fact]
    public void Compare_pairs_each_metric_and_falls_back_where_too_few_pairs_are_complete()
    {
        var (baseRuns, headRuns) = Runs();

        var comparisons = CompareCommand.Compare(SeriesBuilder.Build(baseRuns), SeriesBuilder.Build(headRuns), new ComparisonRule());

        // Four metrics: 7 pairs give 4·2⁻⁷ ≈ 0.03 < 0.05, so config, total and wall are paired; store_init has 6 pairs,
        // 4·2⁻⁶ ≈ 0.06, so it cannot reach α after Holm and is compared with Mann–Whitney.
        Assert.Equal(["config", "store_init", "total", "wall"], comparisons.Select(c => c.Metric));
        var config = comparisons[0];
        Assert.Equal(ComparisonTest.WilcoxonSignedRank, config.Test);
        Assert.Equal(7, config.PairCount);
        Assert.Equal(8, config.BaseCount);
        Assert.Equal(7, config.HeadCount);
        Assert.Equal(1.0 / 128, config.RawP.Slower, 12);
        Assert.Equal(ComparisonTest.MannWhitney, comparisons[1].Test);
        Assert.Equal(0, comparisons[1].PairCount);
        Assert.Equal(ComparisonTest.WilcoxonSignedRank, comparisons[2].Test);
        Assert.Equal(Verdict.Slower, config.Verdict);
    }

    [Fact]
    public void Bench_series_are_unchanged_by_the_indexes()
    {
        var runs = new[] { Ok(5), Failed(), Ok(7) };

        var series = SeriesBuilder.Build(runs);

        Assert.Equal([5.0, 7.0], series.Single(s => s.Name == "config").Values);
        Assert.Equal([0, 2], series.Single(s => s.Name == "config").RunIndexes!);
        Assert.Equal(["config", "store_init", "total", "unattributed", "overhead", "wall"], series.Select(s => s.Name));
    }
}
