using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Budgets;

public sealed class BudgetCheckerTests
{
    [Fact]
    public void A_phase_within_budget_is_tagged_and_not_reported()
    {
        using var spans = new SpanRecorder();
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("config", 500));
        run.Run("config", 500);
        run.Timeline.MarkReady();

        var span = spans.Single(run.Timeline, "startup.config");
        Assert.Equal(500.0, span.GetTagItem(StartupAttributes.BudgetMs));
        Assert.Equal(false, span.GetTagItem(StartupAttributes.BudgetExceeded));
        Assert.Empty(span.Events);
        Assert.Empty(run.Sink.Messages);
        var report = run.Timeline.CreateReport();
        Assert.Equal(500.0, report.FindPhase("config")!.BudgetMs);
        Assert.False(report.FindPhase("config")!.Exceeded);
        Assert.Empty(report.Overruns);
    }

    [Fact]
    public void One_tick_over_is_an_overrun_with_tags_event_message_and_report()
    {
        using var spans = new SpanRecorder();
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("config", 500));
        run.Run("config", TimeSpan.FromMilliseconds(500) + TimeSpan.FromTicks(1));
        run.Timeline.MarkReady();

        var span = spans.Single(run.Timeline, "startup.config");
        Assert.Equal(true, span.GetTagItem(StartupAttributes.BudgetExceeded));
        var overrun = Assert.Single(span.Events);
        Assert.Equal(StartupAttributes.BudgetOverrunEvent, overrun.Name);
        var tags = overrun.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("config", tags[StartupAttributes.Phase]);
        Assert.Equal(500.0, tags[StartupAttributes.BudgetMs]);
        Assert.Equal(500.0001, (double)tags[StartupAttributes.ActualMs]!, precision: 6);
        Assert.Equal("warn", tags[StartupAttributes.BudgetLevel]);
        Assert.Equal(span.StartTimeUtc + span.Duration, overrun.Timestamp.UtcDateTime);

        var message = Assert.Single(run.Sink.Messages);
        Assert.Equal(StartupMessageLevel.Warning, message.Level);
        Assert.Equal("config", message.Phase);
        var recorded = Assert.Single(run.Timeline.CreateReport().Overruns);
        Assert.Equal(("config", 500.0, "warn", false), (recorded.Phase, recorded.BudgetMs, recorded.Level, recorded.Live));
        Assert.True(run.Timeline.CreateReport().FindPhase("config")!.Exceeded);
    }

    [Fact]
    public void The_message_says_how_much_over_budget_the_phase_was()
    {
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("config", 500));
        run.Run("config", 812);
        Assert.Equal(["config took 812 ms, budget 500 ms (+62%)"], run.Texts);
    }

    [Fact]
    public void Tolerance_is_allowed_exactly_and_one_tick_more_is_an_overrun()
    {
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("config", 500, toleranceMs: 50).Add("*", "store_init", new Budget(TimeSpan.FromMilliseconds(100), BudgetLevel.Warn, TimeSpan.FromMilliseconds(10))));
        run.Run("config", 550);
        Assert.Empty(run.Sink.Messages);
        run.Run("store_init", TimeSpan.FromMilliseconds(110) + TimeSpan.FromTicks(1));
        Assert.Equal(["store_init took 110 ms, budget 100 ms (+10%)"], run.Texts);
        var report = run.Timeline.CreateReport();
        Assert.False(report.FindPhase("config")!.Exceeded);
        Assert.True(report.FindPhase("store_init")!.Exceeded);
    }

    [Fact]
    public void A_command_entry_overrides_star_for_the_running_command()
    {
        var budgets = BudgetHarness.Budgets("config", 500).Add("soar", "config", new Budget(TimeSpan.FromMilliseconds(100), BudgetLevel.Error));
        using var soar = BudgetHarness.Start(budgets, command: "soar");
        soar.Run("config", 200);
        Assert.Equal(StartupMessageLevel.Error, Assert.Single(soar.Sink.Messages).Level);

        using var goals = BudgetHarness.Start(budgets, command: "goals");
        goals.Run("config", 200);
        Assert.Empty(goals.Sink.Messages);
        Assert.Equal(500.0, goals.Timeline.CreateReport().FindPhase("config")!.BudgetMs);
    }

    [Fact]
    public void A_level_off_entry_removes_the_budget_entirely()
    {
        using var spans = new SpanRecorder();
        var budgets = BudgetHarness.Budgets("config", 500).Add("init", "config", new Budget(TimeSpan.FromMilliseconds(1), BudgetLevel.Off));
        using var run = BudgetHarness.Start(budgets, command: "init");
        run.Run("config", 900);
        run.Timeline.MarkReady();
        Assert.Empty(run.Sink.Messages);
        Assert.Null(spans.Single(run.Timeline, "startup.config").GetTagItem(StartupAttributes.BudgetMs));
        Assert.Null(run.Timeline.CreateReport().FindPhase("config")!.BudgetMs);
    }

    [Fact]
    public void Phases_without_a_budget_are_left_alone()
    {
        using var spans = new SpanRecorder();
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("config", 500));
        run.Run("agent_discovery", 5000);
        run.Timeline.MarkReady();
        Assert.Empty(run.Sink.Messages);
        var span = spans.Single(run.Timeline, "startup.agent_discovery");
        Assert.Null(span.GetTagItem(StartupAttributes.BudgetMs));
        Assert.Null(span.GetTagItem(StartupAttributes.BudgetExceeded));
    }

    [Fact]
    public void The_total_budget_applies_to_the_root_span()
    {
        using var spans = new SpanRecorder();
        using var run = BudgetHarness.Start(BudgetHarness.Budgets(BudgetSet.Total, 3000, BudgetLevel.Error));
        run.Run("config", 3100);
        run.Timeline.MarkReady();

        var root = spans.Single(run.Timeline, AuroraStartup.RootSpanName);
        Assert.Equal(3000.0, root.GetTagItem(StartupAttributes.BudgetMs));
        Assert.Equal(true, root.GetTagItem(StartupAttributes.BudgetExceeded));
        Assert.Equal("total", Assert.Single(root.Events).Tags.Single(t => t.Key == StartupAttributes.Phase).Value);
        var report = run.Timeline.CreateReport();
        Assert.Equal(3000.0, report.TotalBudgetMs);
        Assert.True(report.TotalExceeded);
        Assert.Contains($"startup of '{run.Command}' took 3140 ms, budget 3000 ms (+5%)", run.Texts);
    }

    [Fact]
    public void The_runtime_phase_is_checked_too()
    {
        // The fake process started 40 ms before the timeline.
        using var run = BudgetHarness.Start(BudgetHarness.Budgets(StartupPhases.Runtime, 30));
        Assert.Equal(["runtime took 40 ms, budget 30 ms (+33%)"], run.Texts);
        Assert.True(run.Timeline.CreateReport().FindPhase("runtime")!.Exceeded);
    }

    [Fact]
    public void Each_overrun_is_reported_once()
    {
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("config", 100));
        var scope = run.Timeline.BeginPhase("config");
        run.Clock.Advance(TimeSpan.FromMilliseconds(50));
        run.Clock.Advance(TimeSpan.FromMilliseconds(150));
        scope.Dispose();
        scope.Dispose();
        run.Timeline.MarkReady();
        run.Timeline.Dispose();
        Assert.Single(run.Sink.Messages);
        Assert.Single(run.Timeline.CreateReport().Overruns);
    }

    [Fact]
    public void Background_phases_are_checked_on_their_own_thread()
    {
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("model_load", 1000));
        var scope = run.Timeline.BeginBackgroundPhase("model_load");
        run.Clock.Advance(TimeSpan.FromMilliseconds(900));
        Task.Run(scope.Dispose).Wait(TimeSpan.FromSeconds(30));
        Assert.Empty(run.Sink.Messages);
        Assert.Equal(1000.0, run.Timeline.CreateReport().FindPhase("model_load")!.BudgetMs);
    }

    [Fact]
    public void An_overrun_increments_the_counter_with_command_phase_and_level()
    {
        var command = TestTimelines.UniqueCommand("counter");
        var measurements = new ConcurrentQueue<(long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == AuroraStartup.MeterName && instrument.Name == StartupMetrics.BudgetOverruns)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var dictionary = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                dictionary[tag.Key] = tag.Value;
            }

            if (Equals(dictionary.GetValueOrDefault(StartupAttributes.Command), command))
            {
                measurements.Enqueue((value, dictionary));
            }
        });
        listener.Start();

        using var run = BudgetHarness.Start(BudgetHarness.Budgets("config", 100, BudgetLevel.Error).Add("*", "store_init", new Budget(TimeSpan.FromMilliseconds(100))), command: command);
        run.Run("config", 101);
        run.Run("store_init", 50);

        var (value, tags) = Assert.Single(measurements);
        Assert.Equal(1, value);
        Assert.Equal("config", tags[StartupAttributes.Phase]);
        Assert.Equal("error", tags[StartupAttributes.BudgetLevel]);
    }

    [Fact]
    public void A_sink_that_throws_does_not_stop_the_report()
    {
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("config", 100), sink: new ThrowingSink());
        run.Run("config", 200);
        run.Timeline.MarkReady();
        Assert.Single(run.Timeline.CreateReport().Overruns);
    }

    [Fact]
    public void Overruns_go_to_stderr_as_one_readable_line_each()
    {
        using var writer = new StringWriter();
        var budgets = BudgetHarness.Budgets("config", 500).Add("*", "store_init", new Budget(TimeSpan.FromMilliseconds(100), BudgetLevel.Error));
        using var run = BudgetHarness.Start(budgets, sink: new StandardErrorMessageSink(writer));
        run.Run("config", 812);
        run.Run("store_init", 150);
        Assert.Equal(
            "aurora: config took 812 ms, budget 500 ms (+62%)" + Environment.NewLine +
            "aurora: error: store_init took 150 ms, budget 100 ms (+50%)" + Environment.NewLine,
            writer.ToString());
    }

    [Fact]
    public void Small_budgets_are_shown_with_useful_precision()
    {
        using var run = BudgetHarness.Start(BudgetHarness.Budgets("config", 0.25));
        run.Run("config", 2.5);
        Assert.Equal(["config took 2.5 ms, budget 0.25 ms (+900%)"], run.Texts);
    }

    [Fact]
    public void Two_timelines_at_once_only_check_their_own_spans()
    {
        using var strict = BudgetHarness.Start(BudgetHarness.Budgets("config", 10, BudgetLevel.Error), BudgetMode.Strict);
        using var relaxed = BudgetHarness.Start(BudgetHarness.Budgets("config", 10_000));
        relaxed.Run("config", 100);
        Assert.Empty(relaxed.Sink.Messages);
        Assert.Empty(strict.Sink.Messages);
        Assert.False(strict.Timeline.BudgetFailed);
        strict.Run("config", 100);
        Assert.True(strict.Timeline.BudgetFailed);
        Assert.Empty(relaxed.Sink.Messages);
    }

    private sealed class ThrowingSink : IStartupMessageSink
    {
        public void Write(in StartupMessage message) => throw new InvalidOperationException("sink broken");
    }
}
