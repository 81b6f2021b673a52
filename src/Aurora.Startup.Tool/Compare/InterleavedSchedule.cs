namespace Aurora.Startup.Tool.Compare;

/// <summary>
/// The order of runs in <c>compare</c>: pairs of one base and one head run, alternating which goes first
/// (B H, H B, B H, …), so drift in machine load, caches or thermal state hits both sides alike and neither side
/// always runs straight after the other. Warm-up pairs come first and are discarded.
/// </summary>
internal static class InterleavedSchedule
{
    public static IReadOnlyList<ScheduledRun> Build(int warmupPairs, int pairs)
    {
        var schedule = new List<ScheduledRun>((warmupPairs + pairs) * 2);
        for (var i = 0; i < warmupPairs + pairs; i++)
        {
            var warmup = i < warmupPairs;
            var index = warmup ? i : i - warmupPairs;
            var (first, second) = i % 2 == 0 ? (Side.Base, Side.Head) : (Side.Head, Side.Base);
            schedule.Add(new ScheduledRun(first, index, warmup));
            schedule.Add(new ScheduledRun(second, index, warmup));
        }

        return schedule;
    }
}

/// <summary>One run in the schedule.</summary>
/// <param name="Side">Base or head.</param>
/// <param name="Index">The pair's index (within warm-up or measured pairs).</param>
/// <param name="Warmup">Whether the run is discarded.</param>
internal readonly record struct ScheduledRun(Side Side, int Index, bool Warmup);
