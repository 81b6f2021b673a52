using System.Diagnostics;
using System.Runtime;
using BenchmarkDotNet.Attributes;

namespace Aurora.Instrumentation.Benchmarks.Timeline;

/// <summary>
/// What a recorded phase is made of: each building block on its own, so a change to the phase hot path can be
/// judged against the parts it cannot avoid (two clock reads) and the parts it chooses (counters, lock).
/// Run: dotnet run -c Release --project tests/Aurora.Instrumentation.Benchmarks -- --filter '*PhaseCostParts*' --job short
/// </summary>
public class PhaseCostPartsBenchmarks
{
    private readonly Lock _gate = new();

    [Benchmark(Baseline = true)]
    public long StopwatchTimestamp() => Stopwatch.GetTimestamp();

    [Benchmark]
    public long JitCompiledMethodCount() => JitInfo.GetCompiledMethodCount(currentThread: false);

    [Benchmark]
    public TimeSpan JitCompilationTime() => JitInfo.GetCompilationTime(currentThread: false);

    [Benchmark]
    public long TotalAllocatedBytes() => GC.GetTotalAllocatedBytes(precise: false);

    [Benchmark]
    public long ThreadAllocatedBytes() => GC.GetAllocatedBytesForCurrentThread();

    [Benchmark]
    public int LockEnterExit()
    {
        lock (_gate)
        {
            return 1;
        }
    }

    [Benchmark]
    public DateTime UtcNow() => DateTime.UtcNow;
}
