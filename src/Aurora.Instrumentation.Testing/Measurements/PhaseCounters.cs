using Aurora.Instrumentation.Testing.Statistics;

namespace Aurora.Instrumentation.Testing.Measurements;

/// <summary>
/// What the timeline measured during one phase besides its duration, per run (run order, the runs that had the phase):
/// the process-wide JIT, assembly-load and allocation deltas, and for a lazy or background phase how long callers
/// waited and the share of a background phase nobody waited for.
/// </summary>
internal sealed class PhaseCounters
{
    public PhaseCounters(IReadOnlyList<double> jitMethods, IReadOnlyList<double> jitTimeMs, IReadOnlyList<double> assembliesLoaded, IReadOnlyList<double> allocatedBytes, IReadOnlyList<double> lazyWaitMs, IReadOnlyList<double> hiddenPercent)
    {
        JitMethods = jitMethods;
        JitTimeMs = jitTimeMs;
        AssembliesLoaded = assembliesLoaded;
        AllocatedBytes = allocatedBytes;
        LazyWaitMs = lazyWaitMs;
        HiddenPercent = hiddenPercent;
    }

    public IReadOnlyList<double> JitMethods { get; }

    public IReadOnlyList<double> JitTimeMs { get; }

    public IReadOnlyList<double> AssembliesLoaded { get; }

    public IReadOnlyList<double> AllocatedBytes { get; }

    /// <summary>Only runs in which the phase was a lazy or background load.</summary>
    public IReadOnlyList<double> LazyWaitMs { get; }

    /// <summary>Only runs in which the phase was a background load with a recorded wait.</summary>
    public IReadOnlyList<double> HiddenPercent { get; }

    /// <summary>Every counter by its JSON name.</summary>
    public IEnumerable<(string Name, IReadOnlyList<double> Values)> All =>
    [
        ("jitMethods", JitMethods), ("jitTimeMs", JitTimeMs), ("assembliesLoaded", AssembliesLoaded),
        ("allocatedBytes", AllocatedBytes), ("lazyWaitMs", LazyWaitMs), ("hiddenPercent", HiddenPercent),
    ];

    /// <summary>The median of <paramref name="values"/>, or <c>null</c> when there are none.</summary>
    public static double? Median(IReadOnlyList<double> values) => values.Count == 0 ? null : SampleSummary.MedianOf(values);

    public static PhaseCounters Of(IReadOnlyList<PhaseReport> phases)
        => new(
            [.. phases.Select(p => (double)p.JitMethods)],
            [.. phases.Select(p => p.JitTimeMs)],
            [.. phases.Select(p => (double)p.AssembliesLoaded)],
            [.. phases.Select(p => (double)p.AllocatedBytes)],
            [.. phases.Where(p => p.LazyWaitMs is not null).Select(p => p.LazyWaitMs!.Value)],
            [.. phases.Where(p => p.HiddenPercent is not null).Select(p => p.HiddenPercent!.Value)]);
}
