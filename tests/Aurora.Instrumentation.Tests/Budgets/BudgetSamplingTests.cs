using System.Diagnostics;

namespace Aurora.Instrumentation.Tests.Budgets;

/// <summary>Listeners are process-wide: these tests assert what happens when no other listener exists, so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ListenerIsolation
{
    public const string Name = "Budget listener isolation";
}

[Collection(ListenerIsolation.Name)]
public sealed class BudgetSamplingTests
{
    [Fact]
    public void The_checker_alone_makes_spans_exist_but_never_records_them()
    {
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("config", 100).Add("*", "total", new Budget(TimeSpan.FromSeconds(1))));
        var root = run.Timeline.RootActivity;
        Assert.NotNull(root);
        Assert.False(root.Recorded);
        Assert.False(root.IsAllDataRequested);
        var scope = run.Timeline.BeginPhase("config");
        Assert.NotNull(scope.Activity);
        Assert.False(scope.Activity.Recorded);
        Assert.Equal(root.TraceId, scope.Activity.TraceId);
        run.Clock.Advance(TimeSpan.FromMilliseconds(200));
        scope.Dispose();
        run.Timeline.MarkReady();

        // Nobody records the span, so it carries no attributes; the report and the message still have the verdict.
        Assert.Null(scope.Activity.GetTagItem(StartupAttributes.BudgetMs));
        Assert.Empty(scope.Activity.Events);
        Assert.True(run.Timeline.CreateReport().FindPhase("config")!.Exceeded);
        Assert.Equal(1000.0, run.Timeline.CreateReport().TotalBudgetMs);
        Assert.Single(run.Sink.Messages);
    }

    [Theory]
    [InlineData(ActivitySamplingResult.None)]
    [InlineData(ActivitySamplingResult.PropagationData)]
    public void The_apps_sampler_decision_is_never_overridden(ActivitySamplingResult appDecision)
    {
        using var app = new ActivityListener
        {
            ShouldListenTo = s => s.Name == AuroraStartup.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => appDecision,
        };
        ActivitySource.AddActivityListener(app);
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("config", 100));
        var scope = run.Timeline.BeginPhase("config");
        Assert.False(run.Timeline.RootActivity!.Recorded);
        Assert.False(scope.Activity!.Recorded);
        Assert.False(scope.Activity.IsAllDataRequested);
        scope.Dispose();
    }

    [Fact]
    public void An_app_that_records_everything_still_gets_recorded_spans()
    {
        using var app = new ActivityListener
        {
            ShouldListenTo = s => s.Name == AuroraStartup.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(app);
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("config", 100));
        Assert.True(run.Timeline.RootActivity!.Recorded);
    }

    [Fact]
    public void Other_timelines_spans_are_not_sampled_by_this_checker()
    {
        using var budgeted = BudgetHarness.Start(BudgetHarness.Budgets("config", 100));
        Assert.NotNull(budgeted.Timeline.RootActivity);

        // Another timeline in its own trace, on a thread that does not inherit this one's Activity.Current, stays unsampled.
        StartupTimeline? plainThere = null;
        Activity? plainPhase = null;
        var thread = new Thread(() =>
        {
            plainThere = StartupTimeline.Start("plain", Support.TestTimelines.Options(Support.TestTimelines.NewClock()));
            using var phase = plainThere.BeginPhase("config");
            plainPhase = phase.Activity;
        });
        thread.UnsafeStart();
        Assert.True(thread.Join(TimeSpan.FromMinutes(1)));
        using (plainThere)
        {
            Assert.Null(plainThere!.RootActivity);
            Assert.Null(plainPhase);
        }

        Assert.Equal(ActivitySamplingResult.None, Decide(budgeted.Timeline, ActivityTraceId.CreateRandom()));
        Assert.Equal(ActivitySamplingResult.PropagationData, Decide(budgeted.Timeline, budgeted.Timeline.RootActivity.TraceId));
    }

    private static ActivitySamplingResult Decide(StartupTimeline timeline, ActivityTraceId parent)
    {
        var checker = (Aurora.Instrumentation.Budgets.BudgetChecker)typeof(StartupTimeline)
            .GetField("_budgets", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(timeline)!;
        return checker.Decide(parent, "startup.config");
    }
}
