namespace Aurora.Startup.Tool.Profile;

/// <summary>
/// The frames where a slice's time went. By self time (where the samples ended) and by inclusive time (what they passed
/// through). The inclusive ranking leaves out frames every sample passed through and the thread-pool, task and
/// instrumentation plumbing: they say how code was run, not where the time went.
/// </summary>
internal static class TopFrames
{
    public static IReadOnlyList<TopFrame> Of(ProfileSlice slice, int count)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var self = new Dictionary<string, (double Ms, int Samples)>(StringComparer.Ordinal);
        var inclusive = new Dictionary<string, (double Ms, int Samples)>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stack in slice.Stacks)
        {
            if (stack.Frames.Count == 0)
            {
                continue;
            }

            Add(self, stack.Frames[^1], stack.WeightMs);
            seen.Clear();
            foreach (var frame in stack.Frames)
            {
                // Recursion counts a frame once per sample.
                if (seen.Add(frame))
                {
                    Add(inclusive, frame, stack.WeightMs);
                }
            }
        }

        var samples = slice.SampleCount;
        TopFrame Row(string name) => new(
            name,
            self.GetValueOrDefault(name).Ms,
            inclusive.GetValueOrDefault(name).Ms,
            self.GetValueOrDefault(name).Samples,
            inclusive.GetValueOrDefault(name).Samples);

        var bySelf = self.OrderByDescending(kv => kv.Value.Ms).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(count).Select(kv => kv.Key);
        var byInclusive = inclusive
            .Where(kv => (kv.Value.Samples < samples || samples == 1) && !FrameNames.IsThreadingPlumbing(kv.Key) && !FrameNames.IsInstrumentation(kv.Key))
            .OrderByDescending(kv => kv.Value.Ms)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(count)
            .Select(kv => kv.Key);
        return bySelf.Union(byInclusive, StringComparer.Ordinal)
            .Select(Row)
            .OrderByDescending(r => r.InclusiveMs)
            .ThenByDescending(r => r.SelfMs)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static void Add(Dictionary<string, (double Ms, int Samples)> totals, string frame, double weightMs)
    {
        var current = totals.GetValueOrDefault(frame);
        totals[frame] = (current.Ms + weightMs, current.Samples + 1);
    }
}
