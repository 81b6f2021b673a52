using System.Runtime;

namespace Aurora.Instrumentation.Timeline;

/// <summary>
/// A snapshot of the cheap runtime counters that explain .NET startup cost. Each read is an FCALL of a few
/// nanoseconds and allocates nothing, unlike an EventListener on the runtime provider.
/// Counters are process-wide: a phase's delta includes work done by other threads during the same window.
/// </summary>
internal readonly struct RuntimeCounters
{
    public readonly long JitMethods;
    public readonly long JitTicks;
    public readonly long AllocatedBytes;
    public readonly int AssembliesLoaded;

    private RuntimeCounters(long jitMethods, long jitTicks, long allocatedBytes, int assembliesLoaded)
    {
        JitMethods = jitMethods;
        JitTicks = jitTicks;
        AllocatedBytes = allocatedBytes;
        AssembliesLoaded = assembliesLoaded;
    }

    public static RuntimeCounters Capture(int assembliesLoaded)
        => new(
            JitInfo.GetCompiledMethodCount(currentThread: false),
            JitInfo.GetCompilationTime(currentThread: false).Ticks,
            GC.GetTotalAllocatedBytes(precise: false),
            assembliesLoaded);

    public RuntimeCounters Since(in RuntimeCounters start)
        => new(
            JitMethods - start.JitMethods,
            JitTicks - start.JitTicks,
            AllocatedBytes - start.AllocatedBytes,
            AssembliesLoaded - start.AssembliesLoaded);
}
