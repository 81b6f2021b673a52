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
    public void Budgets_alone_create_no_spans_yet_give_their_verdict()
    {
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("config", 100).Add("*", "total", new Budget(TimeSpan.FromSeconds(1))));
        Assert.Null(run.Timeline.RootActivity);
        var scope = run.Timeline.BeginPhase("config");
        Assert.Null(scope.Activity);
        run.Clock.Advance(TimeSpan.FromMilliseconds(200));
        scope.Dispose();
        run.Clock.Advance(TimeSpan.FromMilliseconds(1000));
        run.Timeline.MarkReady();

        // No span anywhere, yet the report, the messages and the verdict are all there.
        var report = run.Timeline.CreateReport();
        var config = report.FindPhase("config")!;
        Assert.True(config.Exceeded);
        Assert.Equal(100.0, config.BudgetMs);
        Assert.Equal(1000.0, report.TotalBudgetMs);
        Assert.True(report.TotalExceeded);
        Assert.Equal(2, run.Sink.Messages.Count);
        Assert.Null(report.TraceId);
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
        Assert.Equal(appDecision == ActivitySamplingResult.None, run.Timeline.RootActivity is null);
        Assert.Equal(appDecision == ActivitySamplingResult.None, scope.Activity is null);
        Assert.False(run.Timeline.RootActivity?.Recorded ?? false);
        Assert.False(scope.Activity?.IsAllDataRequested ?? false);
        run.Clock.Advance(TimeSpan.FromMilliseconds(200));
        scope.Dispose();

        // The span the app chose not to record gets no attributes; the verdict is in the report all the same.
        Assert.Null(scope.Activity?.GetTagItem(StartupAttributes.BudgetMs));
        Assert.True(run.Timeline.CreateReport().FindPhase("config")!.Exceeded);
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
        var scope = run.Timeline.BeginPhase("config");
        run.Clock.Advance(TimeSpan.FromMilliseconds(200));
        scope.Dispose();
        Assert.Equal(100.0, scope.Activity!.GetTagItem(StartupAttributes.BudgetMs));
        Assert.Equal(true, scope.Activity.GetTagItem(StartupAttributes.BudgetExceeded));
        Assert.Single(scope.Activity.Events, e => e.Name == StartupAttributes.BudgetOverrunEvent);
    }
}
