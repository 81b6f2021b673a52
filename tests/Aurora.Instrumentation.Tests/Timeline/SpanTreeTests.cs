using System.Diagnostics;
using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Timeline;

public sealed class SpanTreeTests
{
    [Fact]
    public void Root_and_runtime_phase_start_at_process_start()
    {
        using var spans = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock));
        clock.Advance(TimeSpan.FromMilliseconds(10));
        timeline.MarkReady();

        var root = spans.Single(timeline, "aurora.startup");
        var runtime = spans.Single(timeline, "startup.runtime");
        Assert.Equal(TestTimelines.Epoch.UtcDateTime, root.StartTimeUtc);
        Assert.Equal(TestTimelines.Epoch.UtcDateTime, runtime.StartTimeUtc);
        Assert.Equal(TimeSpan.FromMilliseconds(40), runtime.Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(50), root.Duration);
        Assert.Equal(root.SpanId, runtime.ParentSpanId);
        Assert.Equal("runtime", runtime.GetTagItem(StartupAttributes.Phase));
    }

    [Fact]
    public void Phases_are_children_of_the_root_and_nest()
    {
        using var spans = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock));
        using (timeline.BeginPhase(StartupPhases.Config))
        {
            clock.Advance(TimeSpan.FromMilliseconds(3));
            using (timeline.BeginPhase("config_validate"))
            {
                clock.Advance(TimeSpan.FromMilliseconds(2));
            }
        }

        timeline.MarkReady();

        var root = spans.Single(timeline, "aurora.startup");
        var config = spans.Single(timeline, "startup.config");
        var validate = spans.Single(timeline, "startup.config_validate");
        Assert.Equal(root.SpanId, config.ParentSpanId);
        Assert.Equal(config.SpanId, validate.ParentSpanId);
        Assert.Equal(TimeSpan.FromMilliseconds(5), config.Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(2), validate.Duration);
        Assert.Equal(TestTimelines.Epoch.UtcDateTime.AddMilliseconds(40), config.StartTimeUtc);
        Assert.Equal(["aurora.startup", "startup.config", "startup.config_validate", "startup.runtime"], spans.SpansOf(timeline).Select(s => s.OperationName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Phases_on_other_threads_and_after_await_are_parented_to_the_root()
    {
        using var spans = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock));

        await Task.Run(() =>
        {
            using var phase = timeline.BeginPhase(StartupPhases.StoreInit);
        });

        // A thread that never saw the root (no execution context flow) still lands under it.
        var thread = new Thread(() =>
        {
            using var phase = timeline.BeginPhase(StartupPhases.AgentDiscovery);
        });
        using (ExecutionContext.SuppressFlow())
        {
            thread.Start();
        }

        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));

        await Task.Yield();
        using (timeline.BeginPhase(StartupPhases.OrchestratorInit))
        {
        }

        timeline.MarkReady();
        var root = spans.Single(timeline, "aurora.startup");
        foreach (var name in new[] { "startup.store_init", "startup.agent_discovery", "startup.orchestrator_init" })
        {
            Assert.Equal(root.SpanId, spans.Single(timeline, name).ParentSpanId);
        }
    }

    [Fact]
    public void Background_phase_is_parented_to_the_root_even_inside_another_phase()
    {
        using var spans = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock));
        PhaseScope background;
        using (timeline.BeginPhase(StartupPhases.Config))
        {
            background = timeline.BeginBackgroundPhase(StartupPhases.ModelLoad);
        }

        clock.Advance(TimeSpan.FromMilliseconds(7));
        background.Dispose();
        timeline.MarkReady();

        var model = spans.Single(timeline, "startup.model_load");
        Assert.Equal(spans.Single(timeline, "aurora.startup").SpanId, model.ParentSpanId);
        Assert.Equal(true, model.GetTagItem(StartupAttributes.PhaseBackground));
        Assert.Equal(false, spans.Single(timeline, "startup.config").GetTagItem(StartupAttributes.PhaseBackground));
    }

    [Fact]
    public void Ending_a_phase_twice_records_it_once_and_restores_the_current_activity()
    {
        using var spans = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock));
        var outer = timeline.BeginPhase("outer");
        var inner = timeline.BeginPhase("inner");

        // Ending the outer phase first must not make the (still running) inner phase's parent chain current.
        outer.Dispose();
        Assert.Same(inner.Activity, Activity.Current);
        inner.Dispose();
        inner.Dispose();
        timeline.MarkReady();

        Assert.Single(spans.SpansOf(timeline), s => s.OperationName == "startup.inner");
        Assert.Single(timeline.CreateReport().Phases, p => p.Name == "inner");
    }

    [Fact]
    public void Without_any_listener_phases_are_still_timed_for_the_report()
    {
        // No recorder here (the options keep phases for the report): StartActivity returns null unless some other test's
        // listener is active, and either way the report is complete.
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start(TestTimelines.UniqueCommand(), TestTimelines.Options(clock));
        using (timeline.BeginPhase(StartupPhases.Config))
        {
            clock.Advance(TimeSpan.FromMilliseconds(12));
        }

        var report = timeline.CreateReport();
        Assert.Equal(12, report.FindPhase("config")!.DurationMs, precision: 6);
        Assert.Equal(40, report.FindPhase("runtime")!.DurationMs, precision: 6);
    }

    [Fact]
    public void A_phase_id_that_is_not_snake_case_is_reported_once_and_still_recorded()
    {
        var sink = new RecordingMessageSink();
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock, sink));
        timeline.BeginPhase("Load Config").Dispose();
        timeline.BeginPhase("Load Config").Dispose();

        var warning = Assert.Single(sink.Messages);
        Assert.Equal(StartupMessageLevel.Warning, warning.Level);
        Assert.Contains("Load Config", warning.Text, StringComparison.Ordinal);
        Assert.Equal(2, timeline.CreateReport().Phases.Count(p => p.Name == "Load Config"));
    }

    [Fact]
    public void A_runaway_phase_loop_is_bounded_and_reported_once()
    {
        var sink = new RecordingMessageSink();
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock, sink));
        for (var i = 0; i < 5000; i++)
        {
            timeline.BeginPhase("loop").Dispose();
        }

        Assert.Equal(4096, timeline.CreateReport().Phases.Count);
        Assert.Single(sink.Messages, m => m.Text.Contains("more than 4096 phases", StringComparison.Ordinal));
    }
}
