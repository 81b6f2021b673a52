using Aurora.Instrumentation.Testing.Running;

namespace Aurora.Instrumentation.Testing.Measurements;

/// <summary>
/// Turns successful runs into metric series: every phase (a phase that ran twice in one run becomes
/// <c>name#2</c>), the total, the wall time and peak memory. Phases come in order of their median start. Each value
/// keeps the position of its run in <c>runs</c> (<see cref="MetricSeries.RunIndexes"/>), so that <c>compare</c> can
/// pair base and head runs after failed runs and missing phases have been left out.
/// </summary>
internal static class SeriesBuilder
{
    public static IReadOnlyList<MetricSeries> Build(IEnumerable<RunOutcome> runs)
    {
        var ok = runs.Select((run, index) => (Run: run, Index: index)).Where(r => r.Run.IsOk && r.Run.Report is not null).ToList();
        var series = new List<MetricSeries>();
        if (ok.Count == 0)
        {
            return series;
        }

        var durations = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var starts = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var indexes = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var background = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (run, index) in ok)
        {
            foreach (var (key, phase) in KeyedPhases(run.Report!))
            {
                Bucket(durations, key).Add(phase.DurationMs);
                Bucket(starts, key).Add(phase.StartMs);
                Bucket(indexes, key).Add(index);
                if (phase.Background)
                {
                    background.Add(key);
                }
            }
        }

        series.AddRange(durations
            .Select(pair => new MetricSeries(pair.Key, MetricKind.Phase, pair.Value, background.Contains(pair.Key), starts[pair.Key], indexes[pair.Key]))
            .OrderBy(metric => metric.StartMedian)
            .ThenBy(metric => metric.Name, StringComparer.Ordinal));
        var okIndexes = ok.Select(r => r.Index).ToArray();
        series.Add(new MetricSeries(MetricSeries.TotalName, MetricKind.Total, ok.Select(r => r.Run.Report!.TotalMs).ToArray(), runIndexes: okIndexes));
        series.Add(new MetricSeries(MetricSeries.WallName, MetricKind.Wall, ok.Select(r => r.Run.WallMs).ToArray(), runIndexes: okIndexes));
        var memory = ok.Where(r => r.Run.PeakMemoryBytes is not null).ToList();
        if (memory.Count > 0)
        {
            series.Add(new MetricSeries(MetricSeries.MemoryName, MetricKind.Memory, memory.Select(r => (double)r.Run.PeakMemoryBytes!.Value).ToArray(), runIndexes: memory.Select(r => r.Index).ToArray()));
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

    private static List<T> Bucket<T>(Dictionary<string, List<T>> map, string key)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        return list;
    }
}
