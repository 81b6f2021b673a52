using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Aurora.Instrumentation.Benchmarks.Budgets;

/// <summary>
/// What the budget checker adds to opening and closing one phase that stays within its budget. Compare the rows with
/// <see cref="Budgets"/> off and on for the same <see cref="App"/>:
/// <list type="bullet">
/// <item><c>Recording</c>: the app exports spans (an all-data listener); the checker adds the lookup, the compare and
/// the two contract attributes <c>aurora.budget.ms</c> / <c>aurora.budget.exceeded</c>.</item>
/// <item><c>Propagation</c>: spans exist but nobody records them; the checker adds the lookup and the compare only.</item>
/// <item><c>None</c>: no other listener; with budgets on, the timeline records its phases for the verdict (no span is
/// created), with budgets off it records nothing.</item>
/// </list>
/// Each invocation opens <see cref="PhasesPerInvoke"/> phases on one warm timeline whose records are reset first, so
/// the numbers are per phase.
/// Run: AURORA_ARTIFACTS=/tmp/artifacts-x dotnet run -c Release --project tests/Aurora.Instrumentation.Benchmarks -- --filter '*Budget*' --job short
/// </summary>
[MemoryDiagnoser]
public class BudgetCheckBenchmarks
{
    private const int PhasesPerInvoke = 1000;
    private StartupTimeline? _timeline;
    private ActivityListener? _app;

    public enum AppListener
    {
        None,
        Propagation,
        Recording,
    }

    [Params(AppListener.None, AppListener.Propagation, AppListener.Recording)]
    public AppListener App { get; set; }

    [Params(false, true)]
    public bool Budgets { get; set; }

    public static Activity? LastStopped { get; private set; }

    [GlobalSetup]
    public void NewTimeline()
    {
        if (App != AppListener.None && _app is null)
        {
            var decision = App == AppListener.Recording ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.PropagationData;
            _app = new ActivityListener
            {
                ShouldListenTo = source => source.Name == AuroraStartup.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => decision,
                ActivityStopped = activity => LastStopped = activity,
            };
            ActivitySource.AddActivityListener(_app);
        }

        _timeline = StartupTimeline.Start("bench", new StartupTimelineOptions
        {
            ProcessStartTime = DateTimeOffset.UtcNow,
            MessageSink = new StandardErrorMessageSink(TextWriter.Null),
            InitialPhaseCapacity = PhasesPerInvoke + 8,

            // Generous budgets: every phase stays within budget, which is the path that must stay cheap.
            Budgets = Budgets
                ? new BudgetSet()
                    .Add(BudgetSet.AllCommands, StartupPhases.Config, new Budget(TimeSpan.FromMinutes(10), BudgetLevel.Error))
                    .Add(BudgetSet.AllCommands, StartupPhases.StoreInit, new Budget(TimeSpan.FromMinutes(10)))
                    .Add(BudgetSet.AllCommands, BudgetSet.Total, new Budget(TimeSpan.FromMinutes(30)))
                : null,
            BudgetMode = BudgetMode.Warn,
        });
    }

    [GlobalCleanup]
    public void EndTimeline()
    {
        _timeline?.Dispose();
        _timeline = null;
        _app?.Dispose();
        _app = null;
    }

    [Benchmark(OperationsPerInvoke = PhasesPerInvoke)]
    public void PhaseWithinBudget()
    {
        var timeline = _timeline!;

        // One warm timeline, its records reset per invocation (see PhaseBenchmarks): the hot path is measured optimised.
        timeline.DiscardPhasesForBenchmark();
        for (var i = 0; i < PhasesPerInvoke; i++)
        {
            using var phase = timeline.BeginPhase(StartupPhases.Config);
        }
    }
}
