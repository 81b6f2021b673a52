using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Aurora.Instrumentation.Benchmarks.Timeline;

/// <summary>
/// Cost of opening and closing one phase. Each invocation opens <see cref="PhasesPerInvoke"/> phases on a fresh timeline
/// (sized so its record array never grows), so the numbers are per phase.
/// Run: dotnet run -c Release --project tests/Aurora.Instrumentation.Benchmarks -- --filter '*PhaseBenchmarks*'
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

    [Params(false, true)]
    public bool Listening { get; set; }

    [IterationSetup]
    public void NewTimeline()
    {
        if (Listening && _listener is null)
        {
            // The shape of the library's own recording listener: all data, nothing done on stop but keeping a reference.
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
        });
    }

    [IterationCleanup]
    public void EndTimeline()
    {
        _timeline?.Dispose();
        _listener?.Dispose();
        _listener = null;
    }

    public static Activity? LastStopped { get; private set; }

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
                activity.AddTag(StartupAttributes.Phase, StartupPhases.Config);
                activity.AddTag(StartupAttributes.PhaseBackground, s_false);
                activity.AddTag(StartupAttributes.JitMethods, 0L);
                activity.AddTag(StartupAttributes.JitTimeMs, 0.0);
                activity.AddTag(StartupAttributes.AssembliesLoaded, 0);
                activity.AddTag(StartupAttributes.GcAllocatedBytes, 0L);
                activity.SetEndTime(DateTime.UtcNow);
                activity.Stop();
            }
        }
    }

    [Benchmark(OperationsPerInvoke = PhasesPerInvoke)]
    public void Phase()
    {
        var timeline = _timeline!;
        for (var i = 0; i < PhasesPerInvoke; i++)
        {
            using var phase = timeline.BeginPhase(StartupPhases.Config);
        }
    }
}
