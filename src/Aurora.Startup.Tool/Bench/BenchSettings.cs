using Aurora.Instrumentation.Testing.Running;
using Aurora.Instrumentation.Testing.Statistics;

namespace Aurora.Startup.Tool.Bench;

/// <summary>Validated options of <c>bench</c>.</summary>
internal sealed record BenchSettings
{
    public required CommandSpec Command { get; init; }

    public int Runs { get; init; } = 10;

    public int Warmup { get; init; } = 1;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    public Aggregate Aggregate { get; init; } = Aggregate.Median;

    public string? BudgetsPath { get; init; }

    public string? BaselinePath { get; init; }

    public double Threshold { get; init; } = 0.10;

    public string? JsonPath { get; init; }

    public string? MarkdownPath { get; init; }

    public string? CsvPath { get; init; }

    public string? SvgPath { get; init; }
}
