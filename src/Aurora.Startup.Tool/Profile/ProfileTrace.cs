namespace Aurora.Startup.Tool.Profile;

/// <summary>What one profiled run's trace holds, in the terms the attribution needs.</summary>
internal sealed class ProfileTrace
{
    public required IReadOnlyList<StackSample> Samples { get; init; }

    public required IReadOnlyList<PhaseEvent> PhaseEvents { get; init; }

    public IReadOnlyList<RuntimeWork> RuntimeWork { get; init; } = [];

    /// <summary>The interval between two samples of one thread (the weight of a sample), in milliseconds.</summary>
    public double SampleIntervalMs { get; init; } = 1;

    /// <summary>The runtime's own mode as the run report gave it (<c>jit</c>, <c>aot</c>), when known.</summary>
    public string? RuntimeMode { get; init; }
}
