namespace Aurora.Startup.Tool.Profile;

/// <summary>
/// A call tree merged from sampled stacks: each node is one frame under its caller, with the time of the samples that
/// passed through it (<see cref="TotalMs"/>) and that ended in it (<see cref="SelfMs"/>). Children are kept in name
/// order, as flame graphs draw them, so the same samples always give the same picture.
/// </summary>
internal sealed class FrameNode
{
    private readonly SortedDictionary<string, FrameNode> _children = new(StringComparer.Ordinal);

    public FrameNode(string name) => Name = name;

    public string Name { get; }

    public double TotalMs { get; private set; }

    public double SelfMs { get; private set; }

    public int TotalSamples { get; private set; }

    public IEnumerable<FrameNode> Children => _children.Values;

    /// <summary>A tree rooted at <paramref name="rootName"/> from stacks, each under an optional first frame (e.g. its phase).</summary>
    public static FrameNode Build(string rootName, IEnumerable<(string? Prefix, WeightedStack Stack)> stacks)
    {
        var root = new FrameNode(rootName);
        foreach (var (prefix, stack) in stacks)
        {
            root.Add(prefix, stack);
        }

        return root;
    }

    public static FrameNode Build(string rootName, IEnumerable<WeightedStack> stacks)
        => Build(rootName, stacks.Select(s => ((string?)null, s)));

    private void Add(string? prefix, WeightedStack stack)
    {
        var node = this;
        node.Count(stack.WeightMs);
        if (prefix is not null)
        {
            node = node.Child(prefix);
            node.Count(stack.WeightMs);
        }

        foreach (var frame in stack.Frames)
        {
            node = node.Child(frame);
            node.Count(stack.WeightMs);
        }

        node.SelfMs += stack.WeightMs;
    }

    private void Count(double weightMs)
    {
        TotalMs += weightMs;
        TotalSamples++;
    }

    private FrameNode Child(string name)
    {
        if (!_children.TryGetValue(name, out var child))
        {
            child = new FrameNode(name);
            _children.Add(name, child);
        }

        return child;
    }
}
