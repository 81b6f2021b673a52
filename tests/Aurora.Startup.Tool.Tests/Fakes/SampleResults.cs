using Aurora.Instrumentation.Testing.Checks;
using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Startup.Tool.Bench;

namespace Aurora.Startup.Tool.Tests.Fakes;

/// <summary>
/// A synthetic bench result with known numbers for the exporter and history tests: five runs whose median by total is
/// run #2 (index 1: total 121 ms, wall 151 ms), with config 11 ms in that run against a median of 10 ms over all runs,
/// and a 1 ms gap after runtime plus 62 ms after store_init that no critical-path phase covers (63 ms unattributed).
/// </summary>
internal static class SampleResults
{
    private static readonly double[] s_totals = [120, 121, 119, 125, 140];
    private static readonly double[] s_walls = [150, 151, 149, 155, 170];
    private static readonly double[] s_runtime = [40, 42, 41, 43, 44];
    private static readonly double[] s_config = [10, 11, 9, 10, 30];
    private static readonly double[] s_configStart = [41, 43, 41, 43, 44];
    private static readonly double[] s_model = [80, 82, 81, 79, 80];
    private static readonly double[] s_store = [4, 5, 4, 6, 5];
    private static readonly double[] s_storeStart = [52, 54, 52, 54, 55];

    public static BenchResult Create(double totalScale = 1.0, string command = "dotnet aur.dll soar 'q'", string reportCommand = "soar")
        => new()
        {
            Command = command,
            ReportCommand = reportCommand,
            RuntimeMode = "jit",
            Runs = 5,
            Warmup = 1,
            CreatedAt = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero),
            Metrics =
            [
                new MetricSeries("runtime", MetricKind.Phase, s_runtime, starts: [0, 0, 0, 0, 0], counters: Counters(77, 21.4, 12, 102_208)),
                new MetricSeries("config", MetricKind.Phase, s_config, starts: s_configStart, counters: Counters(54, 5.6, 2, 0, lazyWaitMs: 5.9)),
                new MetricSeries("model_load", MetricKind.Phase, s_model, background: true, starts: s_storeStart, counters: Counters(174, 36.5, 8, 4_207_688, lazyWaitMs: 0, hiddenPercent: 100)),
                new MetricSeries("store_init", MetricKind.Phase, s_store, starts: s_storeStart, counters: Counters(265, 41.5, 11, 4_218_680, lazyWaitMs: 4.9)),
                new MetricSeries(MetricSeries.TotalName, MetricKind.Total, s_totals.Select(v => v * totalScale).ToArray()),
                new MetricSeries(MetricSeries.UnattributedName, MetricKind.Unattributed, [65, 64, 63, 65, 81]),
                new MetricSeries(MetricSeries.OverheadName, MetricKind.Overhead, [1.2, 1.1, 1.3, 1.2, 1.4]),
                new MetricSeries(MetricSeries.WallName, MetricKind.Wall, s_walls),
                new MetricSeries(MetricSeries.MemoryName, MetricKind.Memory, [50e6, 51e6, 50e6, 52e6, 50e6]),
            ],
            Budgets =
            [
                new BudgetVerdict("median of 5 runs", "config", 10, 8, 8, BudgetVerdict.WarnLevel, Exceeded: true),
                new BudgetVerdict("median of 5 runs", "store_init", 5, 100, 100, BudgetVerdict.ErrorLevel, Exceeded: false),
                new BudgetVerdict("median of 5 runs", "total", 121, 3000, 3000, BudgetVerdict.ErrorLevel, Exceeded: false),
            ],
            RunRecords =
            [
                new RunRecord(0, true, RunStatus.Ok, 0, 160, 50_000_000, 125, null),
                .. Enumerable.Range(0, 5).Select(i => new RunRecord(i, false, RunStatus.Ok, 0, s_walls[i], 50_000_000, s_totals[i], null)
                {
                    Phases =
                    [
                        new RunPhase("runtime", 0, s_runtime[i], false),
                        new RunPhase("config", s_configStart[i], s_config[i], false),
                        new RunPhase("model_load", s_storeStart[i], s_model[i], true),
                        new RunPhase("store_init", s_storeStart[i], s_store[i], false),
                    ],
                }),
                new RunRecord(5, false, RunStatus.TimedOut, null, 2000, null, null, "timed out after 2s; process tree killed"),
            ],
        };

    private static PhaseCounters Counters(double jitMethods, double jitMs, double assemblies, double allocated, double? lazyWaitMs = null, double? hiddenPercent = null)
        => new(
            Five(jitMethods),
            Five(jitMs),
            Five(assemblies),
            Five(allocated),
            lazyWaitMs is { } wait ? Five(wait) : [],
            hiddenPercent is { } hidden ? Five(hidden) : []);

    private static double[] Five(double value) => [value, value, value, value, value];
}
