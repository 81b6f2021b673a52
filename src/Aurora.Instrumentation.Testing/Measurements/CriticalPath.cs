namespace Aurora.Instrumentation.Testing.Measurements;

/// <summary>
/// The time between process start and ready that no critical-path phase covers: code that runs outside every phase
/// (command-line parsing, the JIT of code between phases, the library's own work), which a phase table alone never
/// shows. Background phases do not cover anything (the critical path did not wait for them); nested and overlapping
/// phases count once.
/// </summary>
internal static class CriticalPath
{
    /// <summary>The uncovered stretches of [0, <paramref name="totalMs"/>], in time order.</summary>
    public static IReadOnlyList<(double StartMs, double EndMs)> Gaps(IEnumerable<RunPhase> phases, double totalMs)
    {
        var gaps = new List<(double, double)>();
        var covered = 0.0;
        foreach (var phase in phases.Where(p => !p.Background && p.DurationMs > 0).OrderBy(p => p.StartMs))
        {
            if (covered >= totalMs)
            {
                break;
            }

            var start = Math.Clamp(phase.StartMs, 0, totalMs);
            if (start > covered)
            {
                gaps.Add((covered, start));
            }

            covered = Math.Max(covered, Math.Min(phase.EndMs, totalMs));
        }

        if (covered < totalMs)
        {
            gaps.Add((covered, totalMs));
        }

        return gaps;
    }

    /// <summary>The total length of <see cref="Gaps"/>.</summary>
    public static double UnattributedMs(IEnumerable<RunPhase> phases, double totalMs)
        => Gaps(phases, totalMs).Sum(gap => gap.EndMs - gap.StartMs);
}
