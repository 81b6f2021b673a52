using Aurora.Instrumentation.Testing.Measurements;

namespace Aurora.Startup.Tool.Compare;

/// <summary>
/// The interleaved pairs of one metric: base run i and head run i ran back to back (<see cref="InterleavedSchedule"/>),
/// so their values are matched by pair index (<see cref="MetricSeries.RunIndexes"/>). A run that failed, or did not
/// report the phase, drops only its own pair, and only for that metric.
/// </summary>
internal static class RunPairs
{
    /// <summary>(base, head) for every pair index present on both sides, in pair order; <c>null</c> when a side has no indexes.</summary>
    public static IReadOnlyList<(double Base, double Head)>? Match(MetricSeries baseline, MetricSeries head)
    {
        if (baseline.RunIndexes is not { } baseIndexes || head.RunIndexes is not { } headIndexes)
        {
            return null;
        }

        var headByIndex = new Dictionary<int, double>();
        for (var i = 0; i < headIndexes.Count; i++)
        {
            headByIndex[headIndexes[i]] = head.Values[i];
        }

        var pairs = new List<(int Index, double Base, double Head)>();
        for (var i = 0; i < baseIndexes.Count; i++)
        {
            if (headByIndex.TryGetValue(baseIndexes[i], out var headValue))
            {
                pairs.Add((baseIndexes[i], baseline.Values[i], headValue));
            }
        }

        return pairs.OrderBy(pair => pair.Index).Select(pair => (pair.Base, pair.Head)).ToList();
    }
}
