namespace Aurora.Startup.Tool.Profile;

/// <summary>The slices of one or more profiled runs, merged by name: phases in the order they first began, then the rest.</summary>
internal sealed class ProfileResult
{
    private readonly List<ProfileSlice> _slices = [];

    public int Runs { get; set; }

    /// <summary>Samples of threads that were waiting outside every phase (idle pool threads, a blocked Main): not drawn.</summary>
    public int IdleSamples { get; set; }

    /// <summary>Samples whose stack could not be walked.</summary>
    public int UnwalkedSamples { get; set; }

    /// <summary>Runs whose timeline wrote no phase event (not instrumented, or an Aurora.Instrumentation without them).</summary>
    public int RunsWithoutPhaseEvents { get; set; }

    /// <summary>Phases first, in the order they first began; then the non-phase slices in a fixed order.</summary>
    public IReadOnlyList<ProfileSlice> Slices
        => [.. _slices.Where(s => s.Kind == SliceKind.Phase), .. _slices.Where(s => s.Kind != SliceKind.Phase).OrderBy(s => s.Kind)];

    /// <summary>What the exports draw: every phase (one too short to be sampled too), and the other slices that hold samples.</summary>
    public IReadOnlyList<ProfileSlice> Drawn => [.. Slices.Where(s => s.Kind == SliceKind.Phase || s.SampleCount > 0)];

    public int SampleCount => _slices.Sum(s => s.SampleCount);

    public ProfileSlice Slice(string name, SliceKind kind, bool background = false)
    {
        foreach (var slice in _slices)
        {
            if (slice.Kind == kind && string.Equals(slice.Name, name, StringComparison.Ordinal))
            {
                return slice;
            }
        }

        var created = new ProfileSlice(name, kind, background);
        _slices.Add(created);
        return created;
    }

    public ProfileSlice? Find(string name) => _slices.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
}
