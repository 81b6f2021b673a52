using Aurora.Instrumentation;
using Aurora.Startup.Tool.Running;

namespace Aurora.Startup.Tool.Bench;

/// <summary>
/// Turns successful runs into metric series: every phase (a phase that ran twice in one run becomes
/// <c>name#2</c>), the total, the wall time and peak memory. Phases come in order of their median start.
/// </summary>
internal static class SeriesBuilder
{
    public static IReadOnlyList<MetricSeries> Build(IEnumerable<RunOutcome> runs)
    {
        var ok = runs.Where(run => run.IsOk && run.Report is not null).ToList();
        var series = new List<MetricSeries>();
        if (ok.Count == 0)
        {
            return series;
        }

        var durations = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var starts = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var background = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in ok)
        {
            foreach (var (key, phase) in KeyedPhases(run.Report!))
            {
                Bucket(durations, key).Add(phase.DurationMs);
                Bucket(starts, key).Add(phase.StartMs);
                if (phase.Background)
                {
                    background.Add(key);
                }
            }
        }

        series.AddRange(durations
            .Select(pair => new MetricSeries(pair.Key, MetricKind.Phase, pair.Value, background.Contains(pair.Key), starts[pair.Key]))
            .OrderBy(metric => metric.StartMedian)
            .ThenBy(metric => metric.Name, StringComparer.Ordinal));
        series.Add(new MetricSeries(MetricSeries.TotalName, MetricKind.Total, ok.Select(run => run.Report!.TotalMs).ToArray()));
        series.Add(new MetricSeries(MetricSeries.WallName, MetricKind.Wall, ok.Select(run => run.WallMs).ToArray()));
        var memory = ok.Where(run => run.PeakMemoryBytes is not null).Select(run => (double)run.PeakMemoryBytes!.Value).ToArray();
        if (memory.Length > 0)
        {
            series.Add(new MetricSeries(MetricSeries.MemoryName, MetricKind.Memory, memory));
        }

        return series;
    }

    /// <summary>Phases keyed uniquely within one report: the first <c>config</c> is <c>config</c>, the second <c>config#2</c>.</summary>
    public static IEnumerable<(string Key, PhaseReport Phase)> KeyedPhases(StartupReport report)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var phase in report.Phases)
        {
            var count = seen.TryGetValue(phase.Name, out var previous) ? previous + 1 : 1;
            seen[phase.Name] = count;
            yield return (count == 1 ? phase.Name : $"{phase.Name}#{count}", phase);
        }
    }

    private static List<double> Bucket(Dictionary<string, List<double>> map, string key)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        return list;
    }
}
