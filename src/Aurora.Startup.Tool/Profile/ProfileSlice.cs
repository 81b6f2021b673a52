namespace Aurora.Startup.Tool.Profile;

/// <summary>
/// Everything attributed to one phase (or one of the non-phase slices) over every profiled run: the samples, the wall
/// time the phase took by its own events, the JIT work and the assemblies loaded inside it.
/// </summary>
internal sealed class ProfileSlice
{
    private readonly List<WeightedStack> _stacks = [];
    private readonly List<string> _loads = [];

    public ProfileSlice(string name, SliceKind kind, bool background = false)
    {
        Name = name;
        Kind = kind;
        Background = background;
    }

    public const string UnattributedName = "(unattributed)";
    public const string OtherThreadsName = "(other threads)";
    public const string AfterReadyName = "(after ready)";
    public const string ProfilerName = "(profiler)";

    public string Name { get; }

    public SliceKind Kind { get; }

    public bool Background { get; }

    public IReadOnlyList<WeightedStack> Stacks => _stacks;

    public int SampleCount => _stacks.Count;

    public double SampledMs => _stacks.Sum(s => s.WeightMs);

    /// <summary>The phase's wall time by its begin/end events, summed over runs (0 for a non-phase slice).</summary>
    public double PhaseMs { get; private set; }

    /// <summary>How many times the phase ran, over all runs.</summary>
    public int Occurrences { get; private set; }

    public int JitMethods { get; private set; }

    public double JitMs { get; private set; }

    /// <summary>Assemblies whose load began inside the slice, first seen first.</summary>
    public IReadOnlyList<string> Loads => _loads;

    /// <summary>A file-name-safe form of <see cref="Name"/>.</summary>
    public string Slug => new([.. Name.Where(c => char.IsLetterOrDigit(c) || c is '_' or '-' or ' ').Select(c => c == ' ' ? '_' : c)]);

    public void AddSample(WeightedStack stack) => _stacks.Add(stack);

    public void AddOccurrence(double wallMs)
    {
        Occurrences++;
        PhaseMs += wallMs;
    }

    public void AddJit(double ms)
    {
        JitMethods++;
        JitMs += ms;
    }

    public void AddLoad(string assembly)
    {
        if (!_loads.Contains(assembly, StringComparer.Ordinal))
        {
            _loads.Add(assembly);
        }
    }
}
