using Aurora.Instrumentation.Testing.Running;

namespace Aurora.Instrumentation.Testing.Measurements;

/// <summary>
/// Turns successful runs into metric series: every phase (a phase that ran twice in one run becomes
/// <c>name#2</c>) with what the timeline counted during it, the total, the unattributed critical-path time, the
/// library's own overhead, the wall time and peak memory. Phases come in order of their median start. Each value
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

        var phases = new Dictionary<string, List<(PhaseReport Phase, int Index)>>(StringComparer.Ordinal);
        foreach (var (run, index) in ok)
        {
            foreach (var (key, phase) in KeyedPhases(run.Report!))
            {
                if (!phases.TryGetValue(key, out var list))
                {
                    list = [];
                    phases[key] = list;
                }

                list.Add((phase, index));
            }
        }

        series.AddRange(phases
            .Select(pair => new MetricSeries(
                pair.Key,
                MetricKind.Phase,
                [.. pair.Value.Select(p => p.Phase.DurationMs)],
                pair.Value.Any(p => p.Phase.Background),
                [.. pair.Value.Select(p => p.Phase.StartMs)],
                [.. pair.Value.Select(p => p.Index)],
                PhaseCounters.Of([.. pair.Value.Select(p => p.Phase)])))
            .OrderBy(metric => metric.StartMedian)
            .ThenBy(metric => metric.Name, StringComparer.Ordinal));
        var okIndexes = ok.Select(r => r.Index).ToArray();
        series.Add(new MetricSeries(MetricSeries.TotalName, MetricKind.Total, ok.Select(r => r.Run.Report!.TotalMs).ToArray(), runIndexes: okIndexes));
        series.Add(new MetricSeries(MetricSeries.UnattributedName, MetricKind.Unattributed, ok.Select(r => CriticalPath.UnattributedMs(PhasesOf(r.Run.Report!), r.Run.Report!.TotalMs)).ToArray(), runIndexes: okIndexes));
        series.Add(new MetricSeries(MetricSeries.OverheadName, MetricKind.Overhead, ok.Select(r => r.Run.Report!.OverheadMs).ToArray(), runIndexes: okIndexes));
        series.Add(new MetricSeries(MetricSeries.WallName, MetricKind.Wall, ok.Select(r => r.Run.WallMs).ToArray(), runIndexes: okIndexes));
        var memory = ok.Where(r => r.Run.PeakMemoryBytes is not null).ToList();
        if (memory.Count > 0)
        {
            series.Add(new MetricSeries(MetricSeries.MemoryName, MetricKind.Memory, memory.Select(r => (double)r.Run.PeakMemoryBytes!.Value).ToArray(), runIndexes: memory.Select(r => r.Index).ToArray()));
        }

        return series;
    }

    /// <summary>One report's phases, keyed as the series are, on the time axis.</summary>
    public static IReadOnlyList<RunPhase> PhasesOf(StartupReport report)
        => [.. KeyedPhases(report).Select(keyed => new RunPhase(keyed.Key, keyed.Phase.StartMs, keyed.Phase.DurationMs, keyed.Phase.Background))];

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
}
