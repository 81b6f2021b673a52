using BenchmarkDotNet.Attributes;

namespace Aurora.Instrumentation.Benchmarks.Lazy;

/// <summary>
/// First access with a timeline (nothing listening to the source, as in a run with telemetry off): the phase record, the
/// wait accounting and the end of the phase. Each first access adds a phase to the timeline, so a fresh timeline is made
/// for every iteration of a fixed number of invocations.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(8192)]
public class LazyFirstAccessWithTimelineBenchmarks
{
    private StartupTimeline _timeline = null!;

    [IterationSetup]
    public void NewTimeline()
    {
        _timeline?.Dispose();
        _timeline = StartupTimeline.Start("bench", new StartupTimelineOptions { MessageSink = SilentSink.Instance, GetEnvironmentVariable = static _ => null });
    }

    [GlobalCleanup]
    public void Cleanup() => _timeline?.Dispose();

    [Benchmark(Baseline = true, Description = "Lazy<T> first Value")]
    public int BareLazy() => new Lazy<int>(static () => 42).Value;

    [Benchmark(Description = "timeline.BeginPhase + Dispose (the phase alone)")]
    public int BarePhase()
    {
        using (_timeline.BeginPhase(StartupPhases.Config))
        {
            return 42;
        }
    }

    [Benchmark(Description = "timeline.CreateLazy first Value")]
    public int StartupLazy()
    {
        using var lazy = _timeline.CreateLazy(StartupPhases.Config, static () => 42);
        return lazy.Value;
    }

    [Benchmark(Description = "timeline.StartBackgroundLoad + await")]
    public async Task<int> BackgroundLoadStart()
    {
        using var load = _timeline.StartBackgroundLoad(StartupPhases.ModelLoad, static _ => 42);
        return await load.GetValueAsync().ConfigureAwait(false);
    }

    [Benchmark(Description = "timeline.CreateAsyncLazy first await")]
    public async Task<int> StartupAsyncLazyFirst()
    {
        using var lazy = _timeline.CreateAsyncLazy(StartupPhases.StoreInit, static _ => Task.FromResult(42));
        return await lazy.GetValueAsync().ConfigureAwait(false);
    }
}
