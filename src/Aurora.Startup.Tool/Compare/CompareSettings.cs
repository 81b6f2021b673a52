using Aurora.Instrumentation.Testing.Running;

namespace Aurora.Startup.Tool.Compare;

/// <summary>Validated options of <c>compare</c>.</summary>
internal sealed record CompareSettings
{
    public required CommandSpec Base { get; init; }

    public required CommandSpec Head { get; init; }

    public int Runs { get; init; } = 20;

    public int Warmup { get; init; } = 1;

    public double Threshold { get; init; } = 0.10;

    public double Alpha { get; init; } = 0.05;

    public double MinimumDifferenceMs { get; init; } = 1.0;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where to write every run's values and the comparisons (<c>--export-json</c>), for re-analysis offline.</summary>
    public string? JsonPath { get; init; }
}
