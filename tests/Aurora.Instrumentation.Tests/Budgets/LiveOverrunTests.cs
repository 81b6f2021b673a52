using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Budgets;

public sealed class LiveOverrunTests
{
    [Fact]
    public void A_phase_still_running_past_its_budget_is_reported_while_it_runs_once()
    {
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("store_init", 100), liveTimer: true);
        var scope = run.Timeline.BeginPhase("store_init");
        run.Clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Empty(run.Sink.Messages);

        run.Clock.Advance(TimeSpan.FromTicks(1));
        var message = Assert.Single(run.Sink.Messages);
        Assert.Equal("store_init still running after 100 ms budget", message.Text);
        Assert.Equal(StartupMessageLevel.Warning, message.Level);
        Assert.Equal("store_init", message.Phase);

        run.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(run.Sink.Messages);
        var live = Assert.Single(run.Timeline.CreateReport().Overruns);
        Assert.True(live.Live);
        Assert.Equal(100.0001, live.ActualMs, precision: 6);
        scope.Dispose();
    }

    [Fact]
    public void A_live_reported_overrun_is_not_reported_again_at_the_end_but_the_span_is_still_tagged()
    {
        using var spans = new SpanRecorder();
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("store_init", 100), liveTimer: true);
        using (run.Timeline.BeginPhase("store_init"))
        {
            run.Clock.Advance(TimeSpan.FromMilliseconds(250));
        }

        run.Timeline.MarkReady();
        Assert.Equal(["store_init still running after 100 ms budget"], run.Texts);
        Assert.Single(run.Timeline.CreateReport().Overruns);
        var span = spans.Single(run.Timeline, "startup.store_init");
        Assert.Equal(true, span.GetTagItem(StartupAttributes.BudgetExceeded));
        var overrun = Assert.Single(span.Events);
        Assert.Equal(250.0, overrun.Tags.Single(t => t.Key == StartupAttributes.ActualMs).Value);
        Assert.True(run.Timeline.CreateReport().FindPhase("store_init")!.Exceeded);
    }

    [Fact]
    public void A_phase_that_ends_in_time_is_never_reported_later()
    {
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("config", 500), liveTimer: true);
        run.Run("config", 499);
        run.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(run.Sink.Messages);
    }

    [Fact]
    public void Overlapping_phases_share_one_timer_and_are_each_reported_once_in_deadline_order()
    {
        var budgets = BudgetHarness.Budgets("model_load", 1000)
            .Add("*", "config", new Budget(TimeSpan.FromMilliseconds(300)))
            .Add("*", "store_init", new Budget(TimeSpan.FromMilliseconds(100), BudgetLevel.Error))
            .Add("*", "agent_discovery", new Budget(TimeSpan.FromMilliseconds(20)));
        using var run = BudgetHarness.Start(budgets, liveTimer: true);
        var model = run.Timeline.BeginBackgroundPhase("model_load");
        var config = run.Timeline.BeginPhase("config");
        run.Clock.Advance(TimeSpan.FromMilliseconds(200));
        var store = run.Timeline.BeginPhase("store_init");
        run.Clock.Advance(TimeSpan.FromMilliseconds(50));
        store.Dispose();
        var discovery = run.Timeline.BeginPhase("agent_discovery");
        for (var i = 0; i < 30; i++)
        {
            run.Clock.Advance(TimeSpan.FromMilliseconds(50));
        }

        discovery.Dispose();
        config.Dispose();
        model.Dispose();
        Assert.Equal(
            [
                "agent_discovery still running after 20 ms budget",
                "config still running after 300 ms budget",
                "model_load still running after 1000 ms budget",
            ],
            run.Texts);
        Assert.Equal(1, run.Timers.TimersCreated);
        Assert.All(run.Timeline.CreateReport().Overruns, o => Assert.True(o.Live));
    }

    [Fact]
    public void An_error_level_live_overrun_fails_a_strict_run()
    {
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("store_init", 100, BudgetLevel.Error), BudgetMode.Strict, liveTimer: true);
        var scope = run.Timeline.BeginPhase("store_init");
        run.Clock.Advance(TimeSpan.FromMilliseconds(101));
        Assert.Equal(StartupMessageLevel.Error, Assert.Single(run.Sink.Messages).Level);
        Assert.True(run.Timeline.BudgetFailed);
        scope.Dispose();
    }

    [Fact]
    public void The_total_budget_is_watched_live_too()
    {
        using var run = BudgetHarness.Start(BudgetHarness.Budgets(BudgetSet.Total, 1000), liveTimer: true);
        run.Clock.Advance(TimeSpan.FromMilliseconds(959));
        Assert.Empty(run.Sink.Messages);
        run.Clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal([$"startup of '{run.Command}' still running after 1000 ms budget"], run.Texts);
        run.Timeline.MarkReady();
        Assert.Single(run.Sink.Messages);
        Assert.True(run.Timeline.CreateReport().TotalExceeded);
    }

    [Fact]
    public void Nothing_is_reported_after_the_timeline_is_disposed()
    {
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("model_load", 100), liveTimer: true);
        _ = run.Timeline.BeginBackgroundPhase("model_load");
        run.Timeline.Dispose();
        run.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(run.Sink.Messages);
    }

    [Fact]
    public void Many_sequential_phases_use_one_timer()
    {
        var budgets = new BudgetSet();
        for (var i = 0; i < 20; i++)
        {
            budgets.Add("*", "phase_" + i, new Budget(TimeSpan.FromMilliseconds(10 + i)));
        }

        using var run = BudgetHarness.Start(budgets, liveTimer: true);
        for (var i = 0; i < 20; i++)
        {
            run.Run("phase_" + i, i % 2 == 0 ? 5 : 100);
        }

        Assert.Equal(1, run.Timers.TimersCreated);
        Assert.Equal(10, run.Sink.Messages.Count);
        Assert.All(run.Texts, t => Assert.Contains("still running after", t, StringComparison.Ordinal));
    }

    [Fact]
    public void A_phase_ending_while_the_timer_fires_is_reported_exactly_once()
    {
        for (var round = 0; round < 200; round++)
        {
            using var run = BudgetHarness.Start(BudgetHarness.Budgets("store_init", 100));
            var scope = run.Timeline.BeginPhase("store_init");
            run.Clock.Advance(TimeSpan.FromMilliseconds(150));
            using var start = new Barrier(2);
            var ending = Task.Run(() =>
            {
                start.SignalAndWait();
                scope.Dispose();
            });
            start.SignalAndWait();
            run.Timers.FireDormantTimer();
            Assert.True(ending.Wait(TimeSpan.FromMinutes(1)));

            var report = run.Timeline.CreateReport();
            Assert.Single(run.Sink.Messages);
            Assert.Single(report.Overruns);
            Assert.True(report.FindPhase("store_init")!.Exceeded);
        }
    }
}
