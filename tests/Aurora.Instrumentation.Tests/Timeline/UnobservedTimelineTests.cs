using System.Diagnostics.Metrics;
using Aurora.Instrumentation.Tests.Budgets;
using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Timeline;

/// <summary>
/// A timeline that nobody observes records nothing per phase (the production fast path); anything that consumes phases —
/// an activity listener, a meter listener, a report path, budgets, the option — turns recording on, also when it
/// arrives after <see cref="StartupTimeline.Start"/>. Listeners are process-wide, so these run alone.
/// </summary>
[Collection(ListenerIsolation.Name)]
public sealed class UnobservedTimelineTests
{
    [Fact]
    public void With_nothing_observing_a_phase_is_not_recorded_and_costs_no_span()
    {
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", Unobserved(clock));
        var scope = timeline.BeginPhase(StartupPhases.Config);
        clock.Advance(TimeSpan.FromMilliseconds(12));
        scope.Dispose();
        timeline.MarkReady();

        Assert.Equal(default, scope);
        Assert.Null(scope.Activity);
        Assert.Null(timeline.RootActivity);

        // The runtime phase and the total are recorded once at start and ready; per-phase work is skipped.
        var report = timeline.CreateReport();
        Assert.Equal(["runtime"], report.Phases.Select(p => p.Name));
        Assert.Equal(52, report.TotalMs, precision: 6);
    }

    [Fact]
    public void A_listener_attached_after_start_sees_the_phases_that_follow()
    {
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", Unobserved(clock));
        timeline.BeginPhase("before_listener").Dispose();

        using var recorder = new SpanRecorder();
        using (timeline.BeginPhase(StartupPhases.Config))
        {
            clock.Advance(TimeSpan.FromMilliseconds(7));
        }

        var config = Assert.Single(recorder.Stopped, a => a.OperationName == "startup.config");
        Assert.Equal(TimeSpan.FromMilliseconds(7), config.Duration);
        Assert.Equal(7, timeline.CreateReport().FindPhase("config")!.DurationMs, precision: 6);
        Assert.Null(timeline.CreateReport().FindPhase("before_listener"));
    }

    [Fact]
    public void Without_telemetry_a_listener_sees_no_span_and_the_report_still_has_every_phase()
    {
        using var recorder = new SpanRecorder();
        var clock = TestTimelines.NewClock();
        var options = Unobserved(clock);
        options.EmitTelemetry = false;
        options.RecordWhenUnobserved = true;
        using var timeline = StartupTimeline.Start("soar", options);
        var scope = timeline.BeginPhase(StartupPhases.Config);
        clock.Advance(TimeSpan.FromMilliseconds(4));
        scope.Dispose();
        timeline.MarkReady();

        Assert.Null(timeline.RootActivity);
        Assert.Null(scope.Activity);
        Assert.Empty(recorder.Stopped);
        Assert.Equal(["runtime", "config"], timeline.CreateReport().Phases.Select(p => p.Name));
        Assert.Equal(4, timeline.CreateReport().FindPhase("config")!.DurationMs, precision: 6);
    }

    [Fact]
    public void A_meter_listener_alone_turns_recording_on()
    {
        var durations = new List<double>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == AuroraStartup.MeterName && instrument.Name == StartupMetrics.PhaseDuration)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((_, value, _, _) => durations.Add(value));
        meters.Start();

        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", Unobserved(clock));
        using (timeline.BeginPhase(StartupPhases.Config))
        {
            clock.Advance(TimeSpan.FromMilliseconds(9));
        }

        Assert.Null(timeline.RootActivity);
        Assert.Contains(0.009, durations);
        Assert.NotNull(timeline.CreateReport().FindPhase("config"));
    }

    [Fact]
    public void A_report_path_turns_recording_on()
    {
        var path = Path.Combine(Path.GetTempPath(), "aurora-unobserved-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var clock = TestTimelines.NewClock();
            var options = Unobserved(clock);
            options.ReportPath = path;
            using (var timeline = StartupTimeline.Start("soar", options))
            {
                using (timeline.BeginPhase(StartupPhases.Config))
                {
                    clock.Advance(TimeSpan.FromMilliseconds(5));
                }

                timeline.MarkReady();
            }

            var written = StartupReport.Parse(File.ReadAllText(path));
            Assert.Equal(5, written.FindPhase("config")!.DurationMs, precision: 6);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static StartupTimelineOptions Unobserved(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock)
    {
        var options = TestTimelines.Options(clock);
        options.RecordWhenUnobserved = false;
        options.BudgetMode = BudgetMode.Off;
        return options;
    }
}
