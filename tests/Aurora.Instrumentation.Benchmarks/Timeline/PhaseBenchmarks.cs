using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Aurora.Instrumentation.Benchmarks.Timeline;

/// <summary>
/// Cost of opening and closing one phase, per phase, for each kind of observer a timeline can have:
/// <list type="bullet">
/// <item><c>None</c>: nothing consumes phases (telemetry off in production) — the target is the unobserved
/// <c>StartActivity</c> floor;</item>
/// <item><c>ReportOnly</c>: the run report alone (<c>AURORA_STARTUP_REPORT</c> or
/// <see cref="StartupTimelineOptions.RecordWhenUnobserved"/>), no span;</item>
/// <item><c>Budgets</c>: the core's own listener (the budget checker: propagation data only, no tags);</item>
/// <item><c>AllData</c>: an all-data listener of the shape the export package uses.</item>
/// </list>
/// One warm timeline is reused; its records are discarded at the start of each invocation so its array never grows.
/// Run: dotnet run -c Release --project tests/Aurora.Instrumentation.Benchmarks -- --filter '*.PhaseBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class PhaseBenchmarks
{
    private const int PhasesPerInvoke = 1000;
    private static readonly ActivitySource s_unobserved = new("Aurora.Benchmarks.Unobserved");
    private static readonly ActivitySource s_aurora = new(AuroraStartup.SourceName);
    private static readonly object s_false = false;
    private StartupTimeline? _timeline;
    private ActivityListener? _listener;

    public enum Observer
    {
        None,
        ReportOnly,
        Budgets,
        AllData,
    }

    [Params(Observer.None, Observer.ReportOnly, Observer.Budgets, Observer.AllData)]
    public Observer Observed { get; set; }

    public static Activity? LastStopped { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Observed == Observer.AllData)
        {
            // The shape of the export package's hand-off listener: all data, nothing done on stop but keeping a reference.
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == AuroraStartup.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity => LastStopped = activity,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        _timeline = StartupTimeline.Start("bench", new StartupTimelineOptions
        {
            ProcessStartTime = DateTimeOffset.UtcNow,
            MessageSink = new StandardErrorMessageSink(TextWriter.Null),
            InitialPhaseCapacity = PhasesPerInvoke + 8,
            RecordWhenUnobserved = Observed == Observer.ReportOnly,

            // Within budget, as almost every phase is: the checker samples, looks the budget up and compares.
            Budgets = Observed == Observer.Budgets
                ? new BudgetSet().Add(BudgetSet.AllCommands, StartupPhases.Config, new Budget(TimeSpan.FromMinutes(10)))
                : null,
            BudgetMode = Observed == Observer.Budgets ? BudgetMode.Warn : BudgetMode.Off,
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _timeline?.Dispose();
        _listener?.Dispose();
    }

    /// <summary>The floor: StartActivity + Dispose on a source nobody listens to (OpenTelemetry measures ~14 ns).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = PhasesPerInvoke)]
    public void BareStartActivity()
    {
        for (var i = 0; i < PhasesPerInvoke; i++)
        {
            using var activity = s_unobserved.StartActivity("startup.config");
        }
    }

    /// <summary>
    /// What any phase span costs by itself on the Aurora source: start with an explicit parent and start time, the
    /// contract's six tags, an explicit end time, stop. The difference to <see cref="Phase"/> is the timeline's own cost.
    /// </summary>
    [Benchmark(OperationsPerInvoke = PhasesPerInvoke)]
    public void BarePhaseShapedActivity()
    {
        var parent = _timeline!.RootActivity?.Context ?? default;
        for (var i = 0; i < PhasesPerInvoke; i++)
        {
            var activity = s_aurora.StartActivity("startup.config", ActivityKind.Internal, parent, startTime: DateTimeOffset.UtcNow);
            if (activity is not null)
            {
                if (activity.IsAllDataRequested)
                {
                    activity.AddTag(StartupAttributes.Phase, StartupPhases.Config);
                    activity.AddTag(StartupAttributes.PhaseBackground, s_false);
                    activity.AddTag(StartupAttributes.JitMethods, 0L);
                    activity.AddTag(StartupAttributes.JitTimeMs, 0.0);
                    activity.AddTag(StartupAttributes.AssembliesLoaded, 0);
                    activity.AddTag(StartupAttributes.GcAllocatedBytes, 0L);
                }

                activity.SetEndTime(DateTime.UtcNow);
                activity.Stop();
            }
        }
    }

    [Benchmark(OperationsPerInvoke = PhasesPerInvoke)]
    public void Phase()
    {
        var timeline = _timeline!;

        // Resetting the count is one store under the lock (0.02 ns per phase); an [IterationSetup] would instead force one
        // invocation per iteration, and the hot path would be measured before tiered compilation had optimised it.
        timeline.DiscardPhasesForBenchmark();
        for (var i = 0; i < PhasesPerInvoke; i++)
        {
            using var phase = timeline.BeginPhase(StartupPhases.Config);
        }
    }
}
