using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Aurora.Instrumentation.Benchmarks.Lazy;

/// <summary>
/// Cost of creating a helper and getting its value once, over the bare BCL equivalent. No timeline here (pure
/// mechanics); <see cref="LazyFirstAccessWithTimelineBenchmarks"/> adds the phase.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LazyFirstAccessBenchmarks
{
    [Benchmark(Baseline = true, Description = "Lazy<T> first Value")]
    [BenchmarkCategory("sync")]
    public int BareLazy() => new Lazy<int>(static () => 42).Value;

    [Benchmark(Description = "StartupLazy<T> first Value")]
    [BenchmarkCategory("sync")]
    public int StartupLazy()
    {
        using var lazy = new StartupLazy<int>(static () => 42);
        return lazy.Value;
    }

    [Benchmark(Baseline = true, Description = "await Task.Run (bare)")]
    [BenchmarkCategory("async")]
    public Task<int> BareTaskRun() => Task.Run(static () => 42);

    [Benchmark(Description = "BackgroundLoad start + await")]
    [BenchmarkCategory("async")]
    public async Task<int> BackgroundLoadStart()
    {
        using var load = BackgroundLoad.Start(static _ => 42);
        return await load.GetValueAsync().ConfigureAwait(false);
    }

    [Benchmark(Description = "StartupAsyncLazy first await")]
    [BenchmarkCategory("async")]
    public async Task<int> StartupAsyncLazyFirst()
    {
        using var lazy = new StartupAsyncLazy<int>(static _ => Task.FromResult(42));
        return await lazy.GetValueAsync().ConfigureAwait(false);
    }
}
