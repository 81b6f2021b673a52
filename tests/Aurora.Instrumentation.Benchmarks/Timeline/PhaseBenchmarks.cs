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
