using Aurora.Instrumentation.Testing.Checks;
using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Instrumentation.Testing.Statistics;
using Aurora.Startup.Tool.Export;

namespace Aurora.Startup.Tool.Bench;

/// <summary>The result of <c>bench</c>, as printed and exported (and read back as a baseline or for history).</summary>
internal sealed class BenchResult
{
    public required string Command { get; init; }

    /// <summary>The instrumented command name from the reports (<c>soar</c>), used to look budgets up.</summary>
    public string? ReportCommand { get; init; }

    public int Runs { get; init; }

    public int Warmup { get; init; }

    public Aggregate Aggregate { get; init; } = Aggregate.Median;

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Where it was measured (this machine, for a new result).</summary>
    public MachineInfo Machine { get; init; } = MachineInfo.Current();

    /// <summary><c>jit</c> or <c>aot</c>, from the run reports; <c>null</c> when no run wrote one.</summary>
    public string? RuntimeMode { get; init; }

    public IReadOnlyList<MetricSeries> Metrics { get; init; } = [];

    public IReadOnlyList<BudgetVerdict> Budgets { get; init; } = [];

    public IReadOnlyList<RunRecord> RunRecords { get; init; } = [];

    public IEnumerable<MetricSeries> Phases => Metrics.Where(metric => metric.Kind == MetricKind.Phase);

    public int FailedRuns => RunRecords.Count(run => !run.Warmup && run.Status != RunStatus.Ok);

    /// <summary>Measured runs that counted (exit 0 and a readable report).</summary>
    public int OkRuns => RunRecords.Count(run => !run.Warmup && run.Status == RunStatus.Ok);

    public MetricSeries? Find(string name) => Metrics.FirstOrDefault(metric => string.Equals(metric.Name, name, StringComparison.Ordinal));
}
