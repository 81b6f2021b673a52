using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Aurora.Instrumentation.Telemetry;
using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Timeline;

/// <summary>
/// The meter is created off the critical path: phases that end before it exists are recorded, exactly once, when it
/// does; phases that end later record their own. The test plays the background thread's part itself.
/// </summary>
public sealed class DeferredMeterTests
{
    [Fact]
    public void Phases_that_ended_before_the_meter_existed_are_recorded_once_when_it_does()
    {
        var command = TestTimelines.UniqueCommand();
        var measurements = new ConcurrentQueue<(string Instrument, string? Phase, double Seconds)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == AuroraStartup.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            string? phase = null;
            var ours = false;
            foreach (var tag in tags)
            {
                ours |= tag.Key == StartupAttributes.Command && Equals(tag.Value, command);
                phase = tag.Key == StartupAttributes.Phase ? tag.Value as string : phase;
            }

            if (ours)
            {
                measurements.Enqueue((instrument.Name, phase, value));
            }
        });
        listener.Start();

        var clock = TestTimelines.NewClock();
        var options = TestTimelines.Options(clock);
        options.CreateInstrumentsManually = true;
        using var timeline = StartupTimeline.Start(command, options);
        using (timeline.BeginPhase(StartupPhases.Config))
        {
            clock.Advance(TimeSpan.FromMilliseconds(12));
        }

        timeline.MarkReady();

        // Before the meter "exists" for this timeline nothing was measured: the runtime phase, config and the total wait.
        Assert.Empty(measurements);

        timeline.OnInstrumentsCreated(StartupInstruments.Metrics);
        timeline.OnInstrumentsCreated(StartupInstruments.Metrics); // a second call changes nothing

        using (timeline.BeginPhase(StartupPhases.AgentDiscovery))
        {
            clock.Advance(TimeSpan.FromMilliseconds(3));
        }

        var phases = measurements.Where(m => m.Instrument == StartupMetrics.PhaseDuration).ToList();
        Assert.Equal(["runtime", "config", "agent_discovery"], phases.Select(m => m.Phase));
        Assert.Equal(0.040, phases[0].Seconds, precision: 9);
        Assert.Equal(0.012, phases[1].Seconds, precision: 9);
        Assert.Equal(0.003, phases[2].Seconds, precision: 9);
        var total = Assert.Single(measurements, m => m.Instrument == StartupMetrics.Duration);
        Assert.Equal(0.052, total.Seconds, precision: 9);
    
    }

    [Fact]
    public void Dispose_records_what_is_still_pending_when_the_meter_was_not_created_in_time()
    {
        var command = TestTimelines.UniqueCommand();
        var totals = new ConcurrentQueue<double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == AuroraStartup.MeterName && instrument.Name == StartupMetrics.Duration)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == StartupAttributes.Command && Equals(tag.Value, command))
                {
                    totals.Enqueue(value);
                }
            }
        });
        listener.Start();

        var clock = TestTimelines.NewClock();
        var options = TestTimelines.Options(clock);
        options.CreateInstrumentsManually = true; // and nobody does: the background thread "has not finished"
        var timeline = StartupTimeline.Start(command, options);
        timeline.MarkReady();
        Assert.Empty(totals);

        timeline.Dispose();

        Assert.Equal(0.040, Assert.Single(totals), precision: 9);
    }
}
