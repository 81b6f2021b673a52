using System.Diagnostics;
using Aurora.Instrumentation.Budgets;
using BenchmarkDotNet.Attributes;

namespace Aurora.Instrumentation.Benchmarks.Budgets;

/// <summary>
/// The budget check alone, per phase: the budget lookup (the timeline caches it per phase id), <c>OnStarted</c> (watch for a live overrun) and
/// <c>OnEnding</c> (compare, attributes on a recorded span), on one reused span so nothing but the check is measured.
/// This is the "≤ 50 ns and no allocation for a phase within budget" figure; <see cref="BudgetCheckBenchmarks"/>
/// shows the same in a whole phase.
/// Run: AURORA_ARTIFACTS=/tmp/artifacts-x dotnet run -c Release --project tests/Aurora.Instrumentation.Benchmarks -- --filter '*Budget*' --job short
/// </summary>
[MemoryDiagnoser]
public class BudgetCheckCostBenchmarks
{
    private const int PhaseIndex = 5;
    private StartupTimeline? _timeline;
    private BudgetChecker? _checker;
    private Activity? _budgeted;
    private Activity? _unbudgeted;
    private ActivityTraceId _traceId;

    [Params(false, true)]
    public bool Recorded { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _timeline = StartupTimeline.Start("bench", new StartupTimelineOptions
        {
            ProcessStartTime = DateTimeOffset.UtcNow,
            MessageSink = new StandardErrorMessageSink(TextWriter.Null),
            BudgetMode = BudgetMode.Off,
        });
        var budgets = new BudgetSet()
            .Add(BudgetSet.AllCommands, StartupPhases.Config, new Budget(TimeSpan.FromMinutes(10), BudgetLevel.Error))
            .Add(BudgetSet.AllCommands, BudgetSet.Total, new Budget(TimeSpan.FromMinutes(30)));
        _checker = new BudgetChecker(_timeline, BudgetMode.Warn, BudgetSettings.Resolve(budgets, "bench"), budgetFileBroken: false);
        _traceId = ActivityTraceId.CreateRandom();
        _checker.AttachRoot(DateTime.UtcNow.Ticks);
        _budgeted = NewSpan("startup.config");
        _unbudgeted = NewSpan("startup.agent_discovery");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _checker?.Dispose();
        _timeline?.Dispose();
    }

    /// <summary>A phase that has a budget and stays within it.</summary>
    [Benchmark]
    public bool WithinBudget()
    {
        var checker = _checker!;
        var span = _budgeted!;
        checker.OnStarted(checker.Find(span.OperationName)!, span.StartTimeUtc.Ticks, PhaseIndex);
        return checker.OnEnding(PhaseIndex, span.Duration, Recorded ? span : null, out _, out _);
    }

    /// <summary>A phase without a budget while the checker is on.</summary>
    [Benchmark]
    public bool NoBudget()
    {
        var checker = _checker!;
        var span = _unbudgeted!;
        if (checker.Find(span.OperationName) is { } budgeted)
        {
            checker.OnStarted(budgeted, span.StartTimeUtc.Ticks, PhaseIndex + 1);
        }

        return checker.OnEnding(PhaseIndex + 1, span.Duration, Recorded ? span : null, out _, out _);
    }

    private Activity NewSpan(string name)
    {
        var start = DateTime.UtcNow;
        var span = new Activity(name);
        span.SetParentId(_traceId, ActivitySpanId.CreateRandom());
        span.SetStartTime(start);
        span.SetEndTime(start + TimeSpan.FromMilliseconds(5));
        span.IsAllDataRequested = Recorded;
        return span;
    }
}
