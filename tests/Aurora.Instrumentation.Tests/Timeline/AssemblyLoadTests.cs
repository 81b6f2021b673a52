using System.Runtime.Loader;
using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Timeline;

public sealed class AssemblyLoadTests
{
    [Fact]
    public void Assemblies_loaded_during_a_phase_are_named_on_its_span_and_before_ready()
    {
        using var spans = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        var options = TestTimelines.Options(clock);
        options.RecordAssemblyLoads = true;
        using var timeline = StartupTimeline.Start("soar", options);

        var context = new AssemblyLoadContext("aurora-test-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        using (timeline.BeginPhase(StartupPhases.ModelLoad))
        {
            // A second copy of CsCheck in its own context: a real load the runtime reports through AppDomain.AssemblyLoad.
            context.LoadFromAssemblyPath(typeof(CsCheck.Gen).Assembly.Location);
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        timeline.MarkReady();
        context.Unload();

        var phase = spans.Single(timeline, "startup.model_load");
        Assert.Contains(phase.Events, e => e.Name == StartupAttributes.AssemblyLoadEvent && Equals(e.Tags.Single().Value, "CsCheck"));
        Assert.True((int)phase.GetTagItem(StartupAttributes.AssembliesLoaded)! >= 1);
        Assert.Contains("CsCheck", timeline.AssembliesLoadedBeforeReady);
        Assert.Contains("CsCheck", timeline.CreateReport().AssembliesLoadedBeforeReady);
    }

    [Fact]
    public void Assemblies_loaded_before_Start_count_from_process_start_in_the_runtime_phase()
    {
        // The host and the JIT of the method that calls Start load assemblies before the timeline exists (this test's
        // own assembly among them): they were loaded before ready, and they belong to the runtime phase.
        using var spans = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        var options = TestTimelines.Options(clock);
        options.RecordAssemblyLoads = true;
        using var timeline = StartupTimeline.Start("soar", options);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        timeline.MarkReady();

        Assert.Contains("System.Private.CoreLib", timeline.AssembliesLoadedBeforeReady);
        Assert.Contains(typeof(AssemblyLoadTests).Assembly.GetName().Name, timeline.CreateReport().AssembliesLoadedBeforeReady);
        var runtime = spans.Single(timeline, "startup.runtime");
        var named = runtime.Events.Where(e => e.Name == StartupAttributes.AssemblyLoadEvent).Select(e => (string)e.Tags.Single().Value!).ToList();
        Assert.Contains("System.Private.CoreLib", named);
        Assert.Equal((int)runtime.GetTagItem(StartupAttributes.AssembliesLoaded)!, named.Count);
        Assert.Equal(timeline.CreateReport().FindPhase(StartupPhases.Runtime)!.AssembliesLoaded, named.Count);
    }

    [Fact]
    public void Assembly_names_are_not_recorded_unless_asked()
    {
        using var spans = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock));
        var context = new AssemblyLoadContext("aurora-test-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        using (timeline.BeginPhase(StartupPhases.ModelLoad))
        {
            context.LoadFromAssemblyPath(typeof(CsCheck.Gen).Assembly.Location);
        }

        timeline.MarkReady();
        context.Unload();

        Assert.Empty(spans.Single(timeline, "startup.model_load").Events);
        Assert.Empty(timeline.AssembliesLoadedBeforeReady);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData(" TRUE ", true)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    [InlineData("", false)]
    public void The_environment_switches_recording_on_without_the_option(string value, bool recorded)
    {
        var sink = new RecordingMessageSink();
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock, sink, new() { ["AURORA_RECORD_ASSEMBLY_LOADS"] = value }));
        timeline.MarkReady();

        Assert.Equal(recorded, timeline.AssembliesLoadedBeforeReady.Contains("System.Private.CoreLib"));
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public void A_bad_value_is_one_warning_and_no_recording()
    {
        var sink = new RecordingMessageSink();
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock, sink, new() { ["AURORA_RECORD_ASSEMBLY_LOADS"] = "yes-please" }));
        timeline.MarkReady();

        Assert.Empty(timeline.AssembliesLoadedBeforeReady);
        var message = Assert.Single(sink.Messages);
        Assert.Equal(StartupMessageLevel.Warning, message.Level);
        Assert.Contains("AURORA_RECORD_ASSEMBLY_LOADS", message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("yes-please", message.Text, StringComparison.Ordinal);
    }
}
