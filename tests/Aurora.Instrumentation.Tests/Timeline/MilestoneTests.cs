using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Timeline;

public sealed class MilestoneTests
{
    [Fact]
    public void Marking_ready_ends_the_root_with_the_milestone()
    {
        using var spans = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock));
        clock.Advance(TimeSpan.FromMilliseconds(60));
        Assert.False(timeline.IsReady);
        Assert.Null(timeline.TimeToReady);

        timeline.MarkReady();

        var root = spans.Single(timeline, "aurora.startup");
        Assert.True(timeline.IsReady);
        Assert.Equal(TimeSpan.FromMilliseconds(100), timeline.TimeToReady);
        Assert.Equal(TimeSpan.FromMilliseconds(100), root.Duration);
        Assert.Equal(true, root.GetTagItem(StartupAttributes.Completed));
        Assert.Equal("first_llm_call", root.GetTagItem(StartupAttributes.Milestone));
        var report = timeline.CreateReport();
        Assert.True(report.Completed);
        Assert.Equal("first_llm_call", report.Milestone);
        Assert.Equal(100, report.TotalMs, precision: 6);
    }

    [Fact]
    public void Marking_ready_twice_keeps_the_first()
    {
        using var spans = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock));
        timeline.MarkReady("first_token");
        clock.Advance(TimeSpan.FromSeconds(1));
        timeline.MarkReady("later");

        Assert.Equal(TimeSpan.FromMilliseconds(40), timeline.TimeToReady);
        Assert.Equal("first_token", spans.Single(timeline, "aurora.startup").GetTagItem(StartupAttributes.Milestone));
        Assert.Equal("first_token", timeline.CreateReport().Milestone);
    }

    [Fact]
    public void Never_marked_ready_ends_at_dispose_as_not_completed()
    {
        using var spans = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        var timeline = StartupTimeline.Start("init", TestTimelines.Options(clock));
        clock.Advance(TimeSpan.FromMilliseconds(5));
        timeline.Dispose();
        timeline.Dispose();

        var root = spans.Single(timeline, "aurora.startup");
        Assert.Equal(false, root.GetTagItem(StartupAttributes.Completed));
        Assert.Null(root.GetTagItem(StartupAttributes.Milestone));
        Assert.Equal(TimeSpan.FromMilliseconds(45), root.Duration);
        var report = timeline.CreateReport();
        Assert.False(report.Completed);
        Assert.Null(report.Milestone);
    }

    [Fact]
    public void Phases_that_outlive_ready_are_still_recorded()
    {
        using var spans = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock));
        var background = timeline.BeginBackgroundPhase(StartupPhases.ModelLoad);
        timeline.MarkReady();
        clock.Advance(TimeSpan.FromMilliseconds(30));
        background.Dispose();

        var model = spans.Single(timeline, "startup.model_load");
        Assert.Equal(TimeSpan.FromMilliseconds(30), model.Duration);
        Assert.True(timeline.CreateReport().FindPhase("model_load")!.Completed);
    }
}
