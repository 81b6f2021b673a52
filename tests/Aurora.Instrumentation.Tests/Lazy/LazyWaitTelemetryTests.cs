using System.Diagnostics;
using System.Diagnostics.Metrics;
using Aurora.Instrumentation.Tests.Lazy.Support;

namespace Aurora.Instrumentation.Tests.Lazy;

/// <summary>
/// "Did background loading hide the latency?" on the span, in the report and in the metric. The clock is fake and the
/// factories are gated, so every wait is exact.
/// </summary>
public sealed class LazyWaitTelemetryTests
{
    private static readonly TimeSpan Hang = LazyTestTimeline.Hang;

    [Fact]
    public async Task A_load_that_finished_before_it_was_needed_shows_a_zero_wait_and_100_percent_hidden()
    {
        using var run = new LazyTestTimeline();
        var phase = run.NewPhase("model_load");
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var model = run.Timeline.StartBackgroundLoad(phase, _ => gate.Task);

        run.Clock.Advance(TimeSpan.FromMilliseconds(200));
        gate.SetResult("model");
        await model.Core.Completion!.WaitAsync(Hang);
        run.Clock.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal("model", await model.GetValueAsync());

        var span = run.Span(phase);
        Assert.Equal(0.0, span.GetTagItem(StartupAttributes.LazyWaitMs));
        Assert.Equal(true, span.GetTagItem(StartupAttributes.PhaseBackground));
        Assert.Equal(run.Timeline.RootActivity!.SpanId, span.ParentSpanId);

        var report = run.Report(phase);
        Assert.True(report.Background);
        Assert.Equal(200, report.DurationMs, precision: 6);
        Assert.Equal(0.0, report.LazyWaitMs);
        Assert.Equal(1, report.LazyWaiters);
        Assert.Equal(100.0, report.HiddenPercent);
        Assert.Equal([0.0], run.WaitsMs(phase));
    }

    [Fact]
    public async Task A_load_still_running_when_needed_shows_the_remaining_load_time_as_the_wait()
    {
        using var run = new LazyTestTimeline();
        var phase = run.NewPhase("model_load");
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var model = run.Timeline.StartBackgroundLoad(phase, _ => gate.Task);

        run.Clock.Advance(TimeSpan.FromMilliseconds(100));
        var needed = model.GetValueAsync();
        run.Clock.Advance(TimeSpan.FromMilliseconds(150));
        gate.SetResult("model");
        Assert.Equal("model", await needed.WaitAsync(Hang));

        Assert.Equal(150.0, (double)run.Span(phase).GetTagItem(StartupAttributes.LazyWaitMs)!, precision: 6);
        var report = run.Report(phase);
        Assert.Equal(250, report.DurationMs, precision: 6);
        Assert.Equal(150, report.LazyWaitMs!.Value, precision: 6);
        Assert.Equal(1, report.LazyWaiters);
        Assert.Equal(40, report.HiddenPercent!.Value, precision: 6);
        Assert.Equal([150.0], run.WaitsMs(phase));
    }

    [Fact]
    public async Task Every_caller_is_accounted_including_one_that_gave_up_and_one_that_blocked()
    {
        using var run = new LazyTestTimeline();
        var phase = run.NewPhase("model_load");
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var model = run.Timeline.StartBackgroundLoad(phase, _ => gate.Task);

        run.Clock.Advance(TimeSpan.FromMilliseconds(50));
        var patient = model.GetValueAsync();                          // waits 50 → 200: 150 ms
        run.Clock.Advance(TimeSpan.FromMilliseconds(50));
        using var impatient = new CancellationTokenSource();
        var givesUp = model.GetValueAsync(impatient.Token);           // waits 100 → 120: 20 ms
        run.Clock.Advance(TimeSpan.FromMilliseconds(20));
        impatient.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givesUp.WaitAsync(Hang));
        run.Clock.Advance(TimeSpan.FromMilliseconds(30));
        var blocked = Task.Run(() => model.GetValueBlocking());        // waits 150 → 200: 50 ms
        Assert.True(SpinWait.SpinUntil(() => model.Core.PendingWaiters == 2, Hang));
        run.Clock.Advance(TimeSpan.FromMilliseconds(50));
        gate.SetResult("model");
        await Task.WhenAll(patient, blocked).WaitAsync(Hang);

        Assert.Equal(220.0, (double)run.Span(phase).GetTagItem(StartupAttributes.LazyWaitMs)!, precision: 6);
        var report = run.Report(phase);
        Assert.Equal(220, report.LazyWaitMs!.Value, precision: 6);
        Assert.Equal(3, report.LazyWaiters);
        Assert.Equal([20.0, 50.0, 150.0], run.WaitsMs(phase));
    }

    [Fact]
    public async Task The_background_phase_keeps_the_callers_current_span_and_nests_the_factorys_own_phases()
    {
        using var run = new LazyTestTimeline();
        var phase = run.NewPhase("model_load");
        var inner = run.NewPhase("model_read");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var outer = run.Timeline.BeginPhase(run.NewPhase("outer"));

        using var model = run.Timeline.StartBackgroundLoad(phase, async _ =>
        {
            using (run.Timeline.BeginPhase(inner))
            {
                await gate.Task;
            }

            return 1;
        });

        Assert.Same(outer.Activity, Activity.Current);
        gate.SetResult();
        await model.GetValueAsync().WaitAsync(Hang);

        var load = run.Span(phase);
        Assert.Equal(run.Timeline.RootActivity!.SpanId, load.ParentSpanId);
        Assert.Equal(load.SpanId, run.Span(inner).ParentSpanId);
    }

    [Fact]
    public async Task Callers_after_the_ready_milestone_that_did_not_wait_are_not_recorded()
    {
        using var run = new LazyTestTimeline();
        var phase = run.NewPhase("model_load");
        using var model = run.Timeline.StartBackgroundLoad(phase, _ => 1);
        await model.Core.Completion!.WaitAsync(Hang);

        await model.GetValueAsync();
        run.Timeline.MarkReady();
        await model.GetValueAsync();
        model.GetValueBlocking();

        Assert.Equal(1, run.Report(phase).LazyWaiters);
        Assert.Equal([0.0], run.WaitsMs(phase));
    }

    [Fact]
    public async Task A_failed_load_still_ends_its_phase_with_the_wait_recorded()
    {
        using var run = new LazyTestTimeline();
        var phase = run.NewPhase("model_load");
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var model = run.Timeline.StartBackgroundLoad(phase, _ => gate.Task);
        run.Clock.Advance(TimeSpan.FromMilliseconds(10));
        var needed = model.GetValueAsync();
        run.Clock.Advance(TimeSpan.FromMilliseconds(30));
        gate.SetException(new IOException("model missing"));
        await Assert.ThrowsAsync<IOException>(() => needed.WaitAsync(Hang));

        Assert.Equal(30.0, (double)run.Span(phase).GetTagItem(StartupAttributes.LazyWaitMs)!, precision: 6);
        Assert.True(run.Report(phase).Completed);
    }

    [Fact]
    public void A_lazy_config_is_recorded_only_when_and_where_it_is_first_materialised()
    {
        using var run = new LazyTestTimeline();
        var phase = run.NewPhase("config");
        var unused = run.NewPhase("unused");
        using var never = run.Timeline.CreateLazy(unused, () => 0);
        using var config = run.Timeline.CreateLazy(phase, () =>
        {
            run.Clock.Advance(TimeSpan.FromMilliseconds(30));
            return "cfg";
        });
        run.Clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Null(run.Timeline.CreateReport().FindPhase(phase));

        var outerPhase = run.NewPhase("agent_discovery");
        using (var outer = run.Timeline.BeginPhase(outerPhase))
        {
            Assert.Equal("cfg", config.Value);
            Assert.Same(outer.Activity, Activity.Current);
        }

        Assert.Equal("cfg", config.Value);

        var span = run.Span(phase);
        Assert.Equal(run.Span(outerPhase).SpanId, span.ParentSpanId);
        Assert.Equal(false, span.GetTagItem(StartupAttributes.PhaseBackground));
        Assert.Equal(30.0, (double)span.GetTagItem(StartupAttributes.LazyWaitMs)!, precision: 6);
        var report = run.Report(phase);
        Assert.Equal(140, report.StartMs, precision: 6);
        Assert.Equal(30, report.DurationMs, precision: 6);
        Assert.Equal(2, report.LazyWaiters);
        Assert.Null(report.HiddenPercent);
        Assert.Null(run.Timeline.CreateReport().FindPhase(unused));
        Assert.Equal([0.0, 30.0], run.WaitsMs(phase));
    }

    [Fact]
    public async Task An_async_lazy_store_is_a_phase_under_the_span_current_at_its_first_use_and_each_retry_is_a_new_phase()
    {
        using var run = new LazyTestTimeline();
        var phase = run.NewPhase("store_init");
        var attempt = 0;
        using var store = run.Timeline.CreateAsyncLazy(
            phase,
            _ =>
            {
                run.Clock.Advance(TimeSpan.FromMilliseconds(20));
                return ++attempt == 1 ? Task.FromException<string>(new IOException("locked")) : Task.FromResult("store");
            },
            new StartupLazyOptions { RetryOnFailure = true });

        var outerPhase = run.NewPhase("orchestrator_init");
        using (var outer = run.Timeline.BeginPhase(outerPhase))
        {
            var first = store.GetValueAsync();
            Assert.Same(outer.Activity, Activity.Current);
            await Assert.ThrowsAsync<IOException>(() => first.WaitAsync(Hang));
            Assert.Equal("store", await store.GetValueAsync().WaitAsync(Hang));
        }

        var spans = run.Spans(phase);
        Assert.Equal(2, spans.Count);
        Assert.All(spans, s => Assert.Equal(run.Span(outerPhase).SpanId, s.ParentSpanId));
        Assert.All(spans, s => Assert.Equal(20.0, (double)s.GetTagItem(StartupAttributes.LazyWaitMs)!, precision: 6));
        Assert.Equal([20.0, 20.0], run.WaitsMs(phase));
    }

    [Fact]
    public async Task A_throwing_metric_listener_never_reaches_the_caller()
    {
        using var run = new LazyTestTimeline();
        var phase = run.NewPhase("model_load");
        using var hostile = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AuroraStartup.MeterName && instrument.Name == StartupMetrics.LazyWait)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        hostile.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Value is string p && p == phase)
                {
                    throw new InvalidOperationException("listener bug");
                }
            }
        });
        hostile.Start();

        using var model = run.Timeline.StartBackgroundLoad(phase, _ => 5);
        Assert.Equal(5, await model.GetValueAsync().WaitAsync(Hang));
        Assert.Equal(5, model.GetValueBlocking());
    }
}
