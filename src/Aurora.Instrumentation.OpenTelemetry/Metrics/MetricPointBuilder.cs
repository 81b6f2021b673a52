using Aurora.Instrumentation.OpenTelemetry.Otlp;

namespace Aurora.Instrumentation.OpenTelemetry.Metrics;

/// <summary>
/// Turns spooled runs into data points and advances the installation's <see cref="MetricsState"/>. Each run gives one
/// point per series it touched, at the run's own time: cumulative points carry the installation totals since the
/// state's start; delta points carry the run's increments over the window since the series' previous point, so
/// consecutive windows never overlap, even for runs that overlapped in time. A series' times only move forward (a late
/// run is stamped just after the series' last point), as a backend that rejects out-of-order samples requires.
/// </summary>
internal static class MetricPointBuilder
{
    public static List<MetricPoint> Fold(MetricsState state, IReadOnlyList<IReadOnlyList<StartupMeasurement>> runs, OtlpTemporality temporality)
    {
        var points = new List<MetricPoint>();
        foreach (var run in runs)
        {
            var touched = new List<(MetricSeries Series, MetricSeries Increments, ulong Start, ulong Time)>();
            foreach (var measurement in run)
            {
                var series = state.GetOrAdd(measurement.Instrument, measurement.Attributes);
                var index = touched.FindIndex(t => ReferenceEquals(t.Series, series));
                if (index < 0)
                {
                    touched.Add((series, new MetricSeries(series.Instrument, series.Attributes), measurement.StartUnixNano, measurement.TimeUnixNano));
                    index = touched.Count - 1;
                }

                var entry = touched[index];
                entry.Increments.Add(measurement.Value);
                touched[index] = entry with
                {
                    Start = Math.Min(entry.Start, measurement.StartUnixNano),
                    Time = Math.Max(entry.Time, measurement.TimeUnixNano),
                };
            }

            foreach (var (series, increments, runStart, runTime) in touched)
            {
                var previous = series.LastTimeUnixNano;
                var time = previous == 0 ? runTime : Math.Max(runTime, previous + 1);
                series.Merge(increments);
                series.LastTimeUnixNano = time;
                points.Add(temporality == OtlpTemporality.Cumulative
                    ? PointOf(series, Math.Min(state.StartUnixNano, time - 1), time)
                    : PointOf(increments, Math.Min(previous == 0 ? runStart : previous, time - 1), time));
            }
        }

        return points;
    }

    private static MetricPoint PointOf(MetricSeries totals, ulong start, ulong time)
        => new(totals.Instrument, totals.Attributes, start, time, totals.Count, totals.Sum, (ulong[])totals.BucketCounts.Clone(), totals.Min, totals.Max);
}
