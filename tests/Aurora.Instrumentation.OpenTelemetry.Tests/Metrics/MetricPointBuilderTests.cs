using CsCheck;
using Aurora.Instrumentation.OpenTelemetry.Metrics;
using Aurora.Instrumentation.OpenTelemetry.Otlp;
using Aurora.Instrumentation.Telemetry;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Metrics;

/// <summary>Runs folded into an installation's series: cumulative totals or consecutive delta windows, times only forward.</summary>
public sealed class MetricPointBuilderTests
{
    private const ulong Second = 1_000_000_000UL;
    private const ulong T0 = 1_800_000_000UL * Second;

    [Fact]
    public void Cumulative_points_carry_the_installation_totals_since_the_state_start_at_each_runs_time()
    {
        var state = MetricsState.CreateNew(T0);
        var points = MetricPointBuilder.Fold(state, [Run(T0, 0.2), Run(T0 + 10 * Second, 0.4)], OtlpTemporality.Cumulative);

        Assert.Equal(2, points.Count);
        Assert.All(points, p => Assert.Equal(state.StartUnixNano, p.StartUnixNano));
        Assert.Equal((1UL, 0.2), (points[0].Count, points[0].Sum));
        Assert.Equal((2UL, 0.6000000000000001), (points[1].Count, points[1].Sum));
        Assert.Equal(T0 + Second, points[0].TimeUnixNano); // each run's own end, not the send time
        Assert.Equal(T0 + 11 * Second, points[1].TimeUnixNano);
        Assert.Equal(1UL, points[1].BucketCounts[MetricSeries.BucketOf(0.2)]);
        Assert.Equal(1UL, points[1].BucketCounts[MetricSeries.BucketOf(0.4)]);
        Assert.Equal((0.2, 0.4), (points[1].Min, points[1].Max));
    }

    [Fact]
    public void Delta_points_are_consecutive_windows_even_for_runs_that_overlapped()
    {
        var state = MetricsState.CreateNew(T0);

        // Two runs that overlapped in time (both started at T0) and a third later one.
        var points = MetricPointBuilder.Fold(state, [Run(T0, 0.2), Run(T0, 0.3), Run(T0 + 60 * Second, 0.1)], OtlpTemporality.Delta);

        Assert.All(points, p => Assert.Equal(1UL, p.Count));
        Assert.Equal(T0, points[0].StartUnixNano); // a new series starts with its run
        for (var i = 1; i < points.Count; i++)
        {
            Assert.Equal(points[i - 1].TimeUnixNano, points[i].StartUnixNano);
            Assert.True(points[i].TimeUnixNano > points[i - 1].TimeUnixNano);
        }
    }

    [Fact]
    public void A_late_run_is_stamped_just_after_the_series_last_point()
    {
        var state = MetricsState.CreateNew(T0);
        _ = MetricPointBuilder.Fold(state, [Run(T0 + 100 * Second, 0.2)], OtlpTemporality.Cumulative);
        var late = MetricPointBuilder.Fold(state, [Run(T0, 0.3)], OtlpTemporality.Cumulative);

        Assert.Equal(T0 + 101 * Second + 1, Assert.Single(late).TimeUnixNano);
        Assert.Equal(2UL, late[0].Count);
    }

    [Fact]
    public void Folding_the_same_runs_from_the_same_state_gives_the_same_points()
    {
        // What makes a resend after a lost confirmation harmless for cumulative data: identical samples.
        var saved = MetricsState.CreateNew(T0).Encode();
        List<IReadOnlyList<StartupMeasurement>> runs = [Run(T0, 0.2), Run(T0 + Second, 0.5)];

        var first = MetricPointBuilder.Fold(MetricsState.TryDecode(saved)!, runs, OtlpTemporality.Cumulative);
        var again = MetricPointBuilder.Fold(MetricsState.TryDecode(saved)!, runs, OtlpTemporality.Cumulative);

        Assert.Equal(first.Select(Describe), again.Select(Describe));
    }

    [Fact]
    public void Series_are_kept_apart_by_instrument_and_attributes()
    {
        var state = MetricsState.CreateNew(T0);
        IReadOnlyList<StartupMeasurement> run =
        [
            new(StartupInstrument.PhaseDuration, 0.1, T0, T0 + 1, [new("aurora.command", "soar"), new("aurora.phase", "config")]),
            new(StartupInstrument.PhaseDuration, 0.2, T0, T0 + 1, [new("aurora.command", "soar"), new("aurora.phase", "store_init")]),
            new(StartupInstrument.BudgetOverruns, 1, T0, T0 + 1, [new("aurora.command", "soar"), new("aurora.phase", "config"), new("aurora.budget.level", "warn")]),
            new(StartupInstrument.BudgetOverruns, 1, T0, T0 + 2, [new("aurora.command", "soar"), new("aurora.phase", "config"), new("aurora.budget.level", "warn")]),
        ];

        var points = MetricPointBuilder.Fold(state, [run], OtlpTemporality.Cumulative);

        Assert.Equal(3, points.Count);
        Assert.Equal(2, state.Series.Count(s => s.Instrument == StartupInstrument.PhaseDuration));
        var overruns = Assert.Single(points, p => p.Instrument == StartupInstrument.BudgetOverruns);
        Assert.Equal((2.0, T0 + 2), (overruns.Sum, overruns.TimeUnixNano));
    }

    [Fact]
    public void The_state_round_trips_and_a_malformed_one_is_refused()
    {
        var state = MetricsState.CreateNew(T0);
        _ = MetricPointBuilder.Fold(state, [Run(T0, 0.2), Run(T0 + Second, 7)], OtlpTemporality.Cumulative);

        var decoded = MetricsState.TryDecode(state.Encode())!;
        Assert.Equal(state.InstanceId, decoded.InstanceId);
        Assert.Matches("^[0-9a-f]{32}$", decoded.InstanceId);
        Assert.Equal(state.StartUnixNano, decoded.StartUnixNano);
        var series = Assert.Single(decoded.Series);
        Assert.Equal((2UL, 7.2, 0.2, 7.0), (series.Count, series.Sum, series.Min, series.Max));
        Assert.Equal(state.Series.Single().BucketCounts, series.BucketCounts);

        var bytes = state.Encode();
        Assert.Null(MetricsState.TryDecode(bytes.AsSpan(0, bytes.Length - 3)));
        Gen.Byte.Array.Sample(garbage => { _ = MetricsState.TryDecode(garbage); });
    }

    [Fact]
    public void Bucket_i_holds_values_up_to_its_bound()
    {
        Assert.Equal(0, MetricSeries.BucketOf(0));
        Assert.Equal(0, MetricSeries.BucketOf(0.001));
        Assert.Equal(1, MetricSeries.BucketOf(0.0011));
        Assert.Equal(StartupMetrics.DurationBucketBoundaries.Count, MetricSeries.BucketOf(31));
    }

    private static IReadOnlyList<StartupMeasurement> Run(ulong start, double seconds)
        => [new(StartupInstrument.Duration, seconds, start, start + Second, [new("aurora.command", "soar"), new("aurora.startup.completed", true)])];

    private static string Describe(MetricPoint p)
        => $"{p.Instrument} {p.StartUnixNano} {p.TimeUnixNano} {p.Count} {p.Sum} {string.Join(',', p.BucketCounts)}";
}
