using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Startup.Tool.Bench;

namespace Aurora.Startup.Tool.Waterfall;

/// <summary>
/// The run a waterfall draws: the real median run by total (of an odd count the middle one, of an even count the lower
/// middle), its phases where they lay, the stretches of its critical path no phase covered, its ready and exit. A result
/// without per-run phases (an older JSON) falls back to the medians of each phase, and says so.
/// </summary>
internal sealed class WaterfallRun
{
    private WaterfallRun(string description, IReadOnlyList<WaterfallRow> rows, double readyMs, double exitMs, IReadOnlyList<(double StartMs, double EndMs)> gaps)
    {
        Description = description;
        Rows = rows;
        ReadyMs = readyMs;
        ExitMs = exitMs;
        Gaps = gaps;
    }

    /// <summary>What is drawn: "median run (#4 of 10 by total)" or "medians of 10 runs".</summary>
    public string Description { get; }

    /// <summary>One row per phase series, in the series' order.</summary>
    public IReadOnlyList<WaterfallRow> Rows { get; }

    public double ReadyMs { get; }

    public double ExitMs { get; }

    /// <summary>Time before ready that no critical-path phase of the run covered.</summary>
    public IReadOnlyList<(double StartMs, double EndMs)> Gaps { get; }

    public double UnattributedMs => Gaps.Sum(gap => gap.EndMs - gap.StartMs);

    public static WaterfallRun Of(BenchResult result)
    {
        var phases = result.Phases.ToList();
        var measured = result.RunRecords
            .Where(run => !run.Warmup && run.Status == RunStatus.Ok && run.TotalMs is not null && run.Phases.Count > 0)
            .OrderBy(run => run.TotalMs)
            .ThenBy(run => run.Index)
            .ToList();
        if (measured.Count > 0)
        {
            var median = measured[(measured.Count - 1) / 2];
            var byName = median.Phases.ToDictionary(phase => phase.Name, StringComparer.Ordinal);
            var rows = phases.Select(series => byName.TryGetValue(series.Name, out var phase)
                ? new WaterfallRow(series, phase.StartMs, phase.DurationMs)
                : new WaterfallRow(series, series.StartMedian, null)).ToList();
            var total = median.TotalMs!.Value;
            return new WaterfallRun(
                $"median run (#{median.Index + 1} of {measured.Count} by total)",
                rows,
                total,
                median.WallMs,
                CriticalPath.Gaps(median.Phases, total));
        }

        var ready = result.Find(MetricSeries.TotalName)?.Summary.Median ?? 0;
        var composite = phases.Select(series => new WaterfallRow(series, series.StartMedian, series.Summary.Median)).ToList();
        return new WaterfallRun(
            $"medians of {result.Find(MetricSeries.TotalName)?.Summary.Count ?? 0} runs",
            composite,
            ready,
            result.Find(MetricSeries.WallName)?.Summary.Median ?? 0,
            CriticalPath.Gaps(composite.Select(row => new RunPhase(row.Series.Name, row.StartMs, row.DurationMs ?? 0, row.Series.Background)), ready));
    }
}

/// <summary>One phase of the drawn run, with the series of all runs for its whisker.</summary>
/// <param name="Series">The phase over all runs.</param>
/// <param name="StartMs">Where the phase started in the drawn run (its median start when the run lacks it).</param>
/// <param name="DurationMs">Its duration in the drawn run; <c>null</c> when that run lacks it.</param>
internal sealed record WaterfallRow(MetricSeries Series, double StartMs, double? DurationMs);
