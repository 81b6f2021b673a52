using System.Diagnostics;
using System.Reflection.Emit;
using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Timeline;

public sealed class AttributeTests
{
    [Fact]
    public void Root_carries_command_process_and_runtime_attributes()
    {
        using var spans = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("goals", TestTimelines.Options(clock));
        timeline.MarkReady();

        var root = spans.Single(timeline, "aurora.startup");
        Assert.Equal("goals", root.GetTagItem(StartupAttributes.Command));
        Assert.Equal(Environment.ProcessId, root.GetTagItem(StartupAttributes.ProcessPid));
        Assert.Equal(Path.GetFileName(Environment.ProcessPath), root.GetTagItem(StartupAttributes.ProcessExecutableName));
        Assert.Equal("jit", root.GetTagItem(StartupAttributes.RuntimeMode));
        var overhead = Assert.IsType<double>(root.GetTagItem(StartupAttributes.OverheadMs));
        Assert.True(overhead > 0, "the library measured some cost of its own");
        Assert.Equal(ActivityKind.Internal, root.Kind);
    }

    [Fact]
    public void Phase_spans_carry_runtime_cost_deltas()
    {
        using var spans = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock));
        byte[] kept;
        using (timeline.BeginPhase(StartupPhases.Config))
        {
            // A freshly generated method body forces at least one JIT compilation inside the phase.
            kept = AllocateAndJit(1 << 20);
        }

        timeline.MarkReady();
        GC.KeepAlive(kept);

        var config = spans.Single(timeline, "startup.config");
        Assert.Equal("config", config.GetTagItem(StartupAttributes.Phase));
        // The allocation counter is the cheap, approximate one (other threads' allocation contexts blur it by a few KB).
        var allocated = (long)config.GetTagItem(StartupAttributes.GcAllocatedBytes)!;
        Assert.True(allocated >= 1 << 19, $"allocated {allocated} bytes");
        var jitted = (long)config.GetTagItem(StartupAttributes.JitMethods)!;
        Assert.True(jitted >= 1, $"jitted {jitted} methods");
        Assert.IsType<double>(config.GetTagItem(StartupAttributes.JitTimeMs));
        Assert.IsType<int>(config.GetTagItem(StartupAttributes.AssembliesLoaded));
        Assert.Null(config.GetTagItem(StartupAttributes.LazyWaitMs));

        var report = timeline.CreateReport().FindPhase("config")!;
        Assert.Equal(allocated, report.AllocatedBytes);
        Assert.True(report.JitMethods >= 1);
    }

    [Fact]
    public void Runtime_phase_counts_everything_before_the_timeline()
    {
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock));
        var runtime = timeline.CreateReport().FindPhase("runtime")!;

        // The test host has loaded dozens of assemblies and JIT-compiled thousands of methods before this line.
        Assert.True(runtime.AssembliesLoaded > 10);
        Assert.True(runtime.JitMethods > 100);
        Assert.True(runtime.AllocatedBytes > 0);
    }

    private static byte[] AllocateAndJit(int size)
    {
        var method = new DynamicMethod("jit_probe_" + Guid.NewGuid().ToString("N"), typeof(int), Type.EmptyTypes);
        var il = method.GetILGenerator();
        il.Emit(System.Reflection.Emit.OpCodes.Ldc_I4, 42);
        il.Emit(System.Reflection.Emit.OpCodes.Ret);
        Assert.Equal(42, ((Func<int>)method.CreateDelegate(typeof(Func<int>)))());
        return new byte[size];
    }
}
