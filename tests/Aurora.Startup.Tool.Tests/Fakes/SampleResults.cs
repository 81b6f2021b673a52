using Aurora.Instrumentation.Testing.Checks;
using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Startup.Tool.Bench;

namespace Aurora.Startup.Tool.Tests.Fakes;

/// <summary>A synthetic bench result with known numbers for the exporter and history tests.</summary>
internal static class SampleResults
{
    public static BenchResult Create(double totalScale = 1.0, string command = "dotnet aur.dll soar 'q'")
        => new()
        {
            Command = command,
            ReportCommand = "soar",
            Runs = 5,
            Warmup = 1,
            CreatedAt = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero),
            Metrics =
            [
                new MetricSeries("runtime", MetricKind.Phase, [40, 42, 41, 43, 44], starts: [0, 0, 0, 0, 0]),
                new MetricSeries("config", MetricKind.Phase, [10, 11, 9, 10, 30], starts: [41, 42, 41, 43, 44]),
                new MetricSeries("model_load", MetricKind.Phase, [80, 82, 81, 79, 80], background: true, starts: [52, 53, 52, 54, 55]),
                new MetricSeries("store_init", MetricKind.Phase, [4, 5, 4, 6, 5], starts: [52, 53, 52, 54, 55]),
                new MetricSeries(MetricSeries.TotalName, MetricKind.Total, new double[] { 120, 121, 119, 125, 140 }.Select(v => v * totalScale).ToArray()),
                new MetricSeries(MetricSeries.WallName, MetricKind.Wall, [150, 151, 149, 155, 170]),
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
                .. Enumerable.Range(0, 5).Select(i => new RunRecord(i, false, RunStatus.Ok, 0, 150 + i, 50_000_000, 120 + i, null)),
                new RunRecord(5, false, RunStatus.TimedOut, null, 2000, null, null, "timed out after 2s; process tree killed"),
            ],
        };
}
