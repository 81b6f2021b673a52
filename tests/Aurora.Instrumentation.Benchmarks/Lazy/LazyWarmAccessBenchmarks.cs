using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Aurora.Instrumentation.Benchmarks.Lazy;

/// <summary>
/// Getting a value that already exists, over the bare BCL equivalent. "startup" = a timeline before its ready milestone
/// (each access is counted as a zero wait on the phase and in the metric); "steady" = after ready (not counted).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LazyWarmAccessBenchmarks
{
    private readonly Lazy<int> _bareLazy = new(static () => 42);
    private readonly Task<int> _bareTask = Task.FromResult(42);
    private StartupTimeline _startup = null!;
    private StartupTimeline _steady = null!;
    private StartupLazy<int> _lazy = null!;
    private StartupLazy<int> _lazyStartup = null!;
    private StartupLazy<int> _lazySteady = null!;
    private BackgroundLoad<int> _load = null!;
    private BackgroundLoad<int> _loadStartup = null!;
    private BackgroundLoad<int> _loadSteady = null!;
    private StartupAsyncLazy<int> _asyncLazy = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new StartupTimelineOptions { MessageSink = SilentSink.Instance, GetEnvironmentVariable = static _ => null };
        _startup = StartupTimeline.Start("bench", options);
        _steady = StartupTimeline.Start("bench", options);
        _ = _bareLazy.Value;
        _lazy = new StartupLazy<int>(static () => 42);
        _lazyStartup = _startup.CreateLazy(StartupPhases.Config, static () => 42);
        _lazySteady = _steady.CreateLazy(StartupPhases.Config, static () => 42);
        _load = BackgroundLoad.Start(static _ => 42);
        _loadStartup = _startup.StartBackgroundLoad(StartupPhases.ModelLoad, static _ => 42);
        _loadSteady = _steady.StartBackgroundLoad(StartupPhases.ModelLoad, static _ => 42);
        _asyncLazy = new StartupAsyncLazy<int>(static _ => Task.FromResult(42));
        _ = _lazy.Value + _lazyStartup.Value + _lazySteady.Value;
        _ = _load.GetValueBlocking() + _loadStartup.GetValueBlocking() + _loadSteady.GetValueBlocking() + _asyncLazy.GetValueBlocking();
        _steady.MarkReady();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _startup.Dispose();
        _steady.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Lazy<T>.Value (created)")]
    [BenchmarkCategory("sync")]
    public int BareLazy() => _bareLazy.Value;

    [Benchmark(Description = "StartupLazy<T>.Value, no timeline")]
    [BenchmarkCategory("sync")]
    public int StartupLazyNoTimeline() => _lazy.Value;

    [Benchmark(Description = "StartupLazy<T>.Value, startup")]
    [BenchmarkCategory("sync")]
    public int StartupLazyDuringStartup() => _lazyStartup.Value;

    [Benchmark(Description = "StartupLazy<T>.Value, steady")]
    [BenchmarkCategory("sync")]
    public int StartupLazyAfterReady() => _lazySteady.Value;

    [Benchmark(Baseline = true, Description = "await completed Task<T>")]
    [BenchmarkCategory("async")]
    public async Task<int> BareTask() => await _bareTask.ConfigureAwait(false);

    [Benchmark(Description = "await BackgroundLoad, no timeline")]
    [BenchmarkCategory("async")]
    public async Task<int> BackgroundLoadNoTimeline() => await _load.GetValueAsync().ConfigureAwait(false);

    [Benchmark(Description = "await BackgroundLoad, startup")]
    [BenchmarkCategory("async")]
    public async Task<int> BackgroundLoadDuringStartup() => await _loadStartup.GetValueAsync().ConfigureAwait(false);

    [Benchmark(Description = "await BackgroundLoad, steady")]
    [BenchmarkCategory("async")]
    public async Task<int> BackgroundLoadAfterReady() => await _loadSteady.GetValueAsync().ConfigureAwait(false);

    [Benchmark(Description = "await StartupAsyncLazy, no timeline")]
    [BenchmarkCategory("async")]
    public async Task<int> StartupAsyncLazyNoTimeline() => await _asyncLazy.GetValueAsync().ConfigureAwait(false);
}
