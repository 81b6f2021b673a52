using Aurora.Instrumentation.Tests.Budgets;
using Aurora.Instrumentation.Tests.Support;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation.Tests.Timeline;

/// <summary>
/// Spans built from the timeline's own records (<see cref="StartupTimelineOptions.SpanObserver"/>, the command-line
/// export's path): the same tree, names, times and attributes the activities would have, without any activity.
/// </summary>
[Collection(ListenerIsolation.Name)]
public sealed class RecordedSpanTests
{
    [Fact]
    public void Phases_become_a_span_tree_with_times_and_attributes_and_no_activity()
    {
        using var activities = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        var observer = new CountingObserver();
        using var timeline = StartupTimeline.Start("soar", Recorded(clock, observer));
        using (timeline.BeginPhase(StartupPhases.Config))
        {
            clock.Advance(TimeSpan.FromMilliseconds(5));
            using (timeline.BeginPhase(StartupPhases.StoreInit))
            {
                clock.Advance(TimeSpan.FromMilliseconds(3));
            }
        }

        var model = timeline.BeginBackgroundPhase(StartupPhases.ModelLoad);
        clock.Advance(TimeSpan.FromMilliseconds(2));
        timeline.MarkReady();
        clock.Advance(TimeSpan.FromMilliseconds(4));
        model.Dispose();

        var spans = timeline.SnapshotEndedSpans();
        Assert.Empty(activities.Stopped); // this test runs alone (ListenerIsolation): no activity of any trace
        Assert.Null(timeline.RootActivity);
        var root = Assert.Single(spans, s => s.IsRoot);
        var runtime = Assert.Single(spans, s => s.Name == "startup.runtime");
        var config = Assert.Single(spans, s => s.Name == "startup.config");
        var store = Assert.Single(spans, s => s.Name == "startup.store_init");
        var modelLoad = Assert.Single(spans, s => s.Name == "startup.model_load");

        Assert.Equal("aurora.startup", root.Name);
        Assert.Equal(0UL, root.ParentSpanId);
        Assert.False(root.HasRemoteParent);
        Assert.All(spans, s => Assert.Equal((root.TraceIdHigh, root.TraceIdLow), (s.TraceIdHigh, s.TraceIdLow)));
        Assert.Equal(spans.Count, spans.Select(s => s.SpanId).Distinct().Count());
        Assert.DoesNotContain(spans, s => s.SpanId == 0);
        Assert.Equal(root.SpanId, runtime.ParentSpanId);
        Assert.Equal(root.SpanId, config.ParentSpanId);
        Assert.Equal(config.SpanId, store.ParentSpanId); // nested in config on the same flow
        Assert.Equal(root.SpanId, modelLoad.ParentSpanId); // background work hangs off the root

        var epoch = TestTimelines.Epoch.UtcTicks;
        Assert.Equal(epoch, root.StartUtcTicks);
        Assert.Equal(TimeSpan.FromMilliseconds(50), root.Duration); // 40 ms runtime + 10 ms to ready
        Assert.Equal(epoch + TimeSpan.FromMilliseconds(40).Ticks, config.StartUtcTicks);
        Assert.Equal(TimeSpan.FromMilliseconds(8), config.Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(3), store.Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(6), modelLoad.Duration);

        Assert.Equal("soar", root.GetAttribute(StartupAttributes.Command));
        Assert.Equal(true, root.GetAttribute(StartupAttributes.Completed));
        Assert.Equal(StartupMilestones.FirstLlmCall, root.GetAttribute(StartupAttributes.Milestone));
        Assert.Equal(Environment.ProcessId, root.GetAttribute(StartupAttributes.ProcessPid));
        Assert.NotNull(root.GetAttribute(StartupAttributes.ProcessExecutableName));
        Assert.Equal("config", config.GetAttribute(StartupAttributes.Phase));
        Assert.Equal(false, config.GetAttribute(StartupAttributes.PhaseBackground));
        Assert.Equal(true, modelLoad.GetAttribute(StartupAttributes.PhaseBackground));
        Assert.IsType<long>(config.GetAttribute(StartupAttributes.GcAllocatedBytes));
        Assert.Equal(root.TraceIdHigh.ToString("x16") + root.TraceIdLow.ToString("x16"), timeline.CreateReport().TraceId);

        // runtime, config's child, config, the root at ready, model_load after it.
        Assert.Equal(5, observer.Ended);
        Assert.Equal(1, observer.Roots);
    }

    [Fact]
    public void Each_span_is_collected_once_and_only_when_it_ended()
    {
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", Recorded(clock, new CountingObserver()));
        var config = timeline.BeginPhase(StartupPhases.Config);

        Assert.Equal(["startup.runtime"], timeline.CollectEndedSpans().Select(s => s.Name));
        Assert.Empty(timeline.CollectEndedSpans()); // config is still running

        config.Dispose();
        timeline.MarkReady();
        Assert.Equal(["startup.config", "aurora.startup"], timeline.CollectEndedSpans().Select(s => s.Name));
        Assert.Empty(timeline.CollectEndedSpans());
        Assert.Equal(3, timeline.SnapshotEndedSpans().Count); // a snapshot lists what was collected too
    }

    [Fact]
    public async Task A_phase_opened_after_an_await_nests_in_the_phase_around_it_and_siblings_do_not()
    {
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", Recorded(clock, new CountingObserver()));
        using (timeline.BeginPhase("discovery"))
        {
            await Task.Yield();
            await Task.Run(() =>
            {
                using (timeline.BeginPhase("scan"))
                {
                }
            });
        }

        using (timeline.BeginPhase("after"))
        {
        }

        timeline.MarkReady();
        var spans = timeline.SnapshotEndedSpans();
        var root = spans.Single(s => s.IsRoot);
        var discovery = spans.Single(s => s.Name == "startup.discovery");
        Assert.Equal(discovery.SpanId, spans.Single(s => s.Name == "startup.scan").ParentSpanId);
        Assert.Equal(root.SpanId, spans.Single(s => s.Name == "startup.after").ParentSpanId);
    }

    [Fact]
    public void TRACEPARENT_gives_the_trace_its_id_and_the_root_its_remote_parent()
    {
        var environment = new Dictionary<string, string?>
        {
            ["TRACEPARENT"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            ["TRACESTATE"] = "ci=run42",
        };
        var clock = TestTimelines.NewClock();
        var options = Recorded(clock, new CountingObserver());
        options.GetEnvironmentVariable = name => environment.GetValueOrDefault(name);
        using var timeline = StartupTimeline.Start("soar", options);
        timeline.MarkReady();

        var root = timeline.SnapshotEndedSpans().Single(s => s.IsRoot);
        Assert.Equal(0x0af7651916cd43ddUL, root.TraceIdHigh);
        Assert.Equal(0x8448eb211c80319cUL, root.TraceIdLow);
        Assert.Equal(0xb7ad6b7169203331UL, root.ParentSpanId);
        Assert.True(root.HasRemoteParent);
        Assert.Equal("ci=run42", root.TraceState);
        Assert.True(timeline.RecordedTrace!.ParentSampled);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", timeline.CreateReport().TraceId);
    }

    [Fact]
    public void With_activities_too_the_spans_carry_the_activities_ids()
    {
        using var activities = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        var options = Recorded(clock, new CountingObserver());
        options.EmitTelemetry = true;
        using var timeline = StartupTimeline.Start("soar", options);
        using (timeline.BeginPhase(StartupPhases.Config))
        {
            using (timeline.BeginPhase(StartupPhases.StoreInit))
            {
            }
        }

        timeline.MarkReady();
        var spans = timeline.SnapshotEndedSpans();
        Assert.Equal(4, spans.Count);
        foreach (var activity in activities.SpansOf(timeline))
        {
            var span = Assert.Single(spans, s => s.Name == activity.OperationName);
            Assert.Equal(activity.SpanId.ToHexString(), span.SpanId.ToString("x16"));
            Assert.Equal(activity.ParentSpanId == default ? "0000000000000000" : activity.ParentSpanId.ToHexString(), span.ParentSpanId.ToString("x16"));
            Assert.Equal(activity.TraceId.ToHexString(), span.TraceIdHigh.ToString("x16") + span.TraceIdLow.ToString("x16"));
        }
    }

    [Fact]
    public void An_overrun_budget_puts_its_attributes_and_event_on_the_span()
    {
        var clock = TestTimelines.NewClock();
        var options = Recorded(clock, new CountingObserver());
        options.Budgets = new BudgetSet().Add("*", StartupPhases.Config, new Budget(TimeSpan.FromMilliseconds(10), BudgetLevel.Error));
        options.BudgetMode = BudgetMode.Warn;
        using var timeline = StartupTimeline.Start("soar", options);
        using (timeline.BeginPhase(StartupPhases.Config))
        {
            clock.Advance(TimeSpan.FromMilliseconds(25));
        }

        using (timeline.BeginPhase(StartupPhases.StoreInit))
        {
        }

        timeline.MarkReady();
        var spans = timeline.SnapshotEndedSpans();
        var config = spans.Single(s => s.Name == "startup.config");
        Assert.Equal(10.0, config.GetAttribute(StartupAttributes.BudgetMs));
        Assert.Equal(true, config.GetAttribute(StartupAttributes.BudgetExceeded));
        var overrun = Assert.Single(config.Events!);
        Assert.Equal(StartupAttributes.BudgetOverrunEvent, overrun.Name);
        Assert.Equal(config.EndUtcTicks, overrun.UtcTicks);
        var attributes = overrun.Attributes.ToDictionary(a => a.Key, a => a.Value);
        Assert.Equal("config", attributes[StartupAttributes.Phase]);
        Assert.Equal(25.0, (double)attributes[StartupAttributes.ActualMs]!, precision: 6);
        Assert.Equal("error", attributes[StartupAttributes.BudgetLevel]);
        var store = spans.Single(s => s.Name == "startup.store_init");
        Assert.Null(store.GetAttribute(StartupAttributes.BudgetMs));
        Assert.Null(store.Events);
    }

    [Fact]
    public async Task An_async_lazy_leaves_the_callers_next_phase_under_the_root_and_nests_its_own_work()
    {
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", Recorded(clock, new CountingObserver()));
        var store = timeline.CreateAsyncLazy(StartupPhases.StoreInit, async ct =>
        {
            await Task.Yield();
            using (timeline.BeginPhase("open_file"))
            {
            }

            return 42;
        });
        var pending = store.GetValueAsync();
        using (timeline.BeginPhase(StartupPhases.AgentDiscovery))
        {
        }

        Assert.Equal(42, await pending);
        timeline.MarkReady();
        var spans = timeline.SnapshotEndedSpans();
        var root = spans.Single(s => s.IsRoot);
        var storeSpan = spans.Single(s => s.Name == "startup.store_init");
        Assert.Equal(root.SpanId, spans.Single(s => s.Name == "startup.agent_discovery").ParentSpanId);
        Assert.Equal(storeSpan.SpanId, spans.Single(s => s.Name == "startup.open_file").ParentSpanId);
    }

    private static StartupTimelineOptions Recorded(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, ISpanRecordObserver observer)
    {
        var options = TestTimelines.Options(clock);
        options.RecordWhenUnobserved = false; // the observer alone makes the timeline record
        options.EmitTelemetry = false;
        options.SpanObserver = observer;
        return options;
    }

    private sealed class CountingObserver : ISpanRecordObserver
    {
        public int Ended { get; private set; }

        public int Roots { get; private set; }

        public void OnSpanEnded(StartupTimeline timeline, bool root)
        {
            Ended++;
            Roots += root ? 1 : 0;
        }
    }
}
