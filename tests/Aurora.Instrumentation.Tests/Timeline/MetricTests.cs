using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Timeline;

public sealed class MetricTests
{
    [Fact]
    public void Startup_and_phase_durations_are_recorded_in_seconds_with_their_attributes()
    {
        var command = TestTimelines.UniqueCommand();
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
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
            var dictionary = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                dictionary[tag.Key] = tag.Value;
            }

            if (Equals(dictionary.GetValueOrDefault(StartupAttributes.Command), command))
            {
                measurements.Enqueue((instrument.Name, value, dictionary));
            }
        });
        listener.Start();

        var clock = TestTimelines.NewClock();
        using (var timeline = StartupTimeline.Start(command, TestTimelines.Options(clock)))
        {
            using (timeline.BeginPhase(StartupPhases.Config))
            {
                clock.Advance(TimeSpan.FromMilliseconds(250));
            }

            timeline.MarkReady();
        }

        var total = Assert.Single(measurements, m => m.Instrument == StartupMetrics.Duration);
        Assert.Equal(0.29, total.Value, precision: 9);
        Assert.Equal(true, total.Tags[StartupAttributes.Completed]);
        var config = Assert.Single(measurements, m => m.Instrument == StartupMetrics.PhaseDuration && Equals(m.Tags[StartupAttributes.Phase], "config"));
        Assert.Equal(0.25, config.Value, precision: 9);
        Assert.Single(measurements, m => m.Instrument == StartupMetrics.PhaseDuration && Equals(m.Tags[StartupAttributes.Phase], "runtime"));
    }

    [Fact]
    public void Histograms_advise_startup_sized_buckets()
    {
        var advised = new ConcurrentDictionary<string, IReadOnlyList<double>?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == AuroraStartup.MeterName && instrument is Histogram<double> histogram)
                {
                    advised[instrument.Name] = histogram.Advice?.HistogramBucketBoundaries;
                }
            },
        };
        listener.Start();
        var clock = TestTimelines.NewClock();
        using (var timeline = StartupTimeline.Start(TestTimelines.UniqueCommand(), TestTimelines.Options(clock)))
        {
            timeline.MarkReady();
        }

        foreach (var name in new[] { StartupMetrics.Duration, StartupMetrics.PhaseDuration, StartupMetrics.LazyWait })
        {
            var buckets = advised[name]!;
            Assert.Equal(0.001, buckets[0]);
            Assert.Equal(30, buckets[^1]);
            Assert.Equal(buckets.Order(), buckets);
        }
    }
}
