using Aurora.Instrumentation.Testing.Statistics;
using CsCheck;

namespace Aurora.Instrumentation.Testing.Tests.Statistics;

public class SampleSummaryTests
{
    [Fact]
    public void Odd_sample_matches_hand_computed_values()
    {
        // Sorted 1 2 3 4 100. p95 (type 7): h = 4·0.95 = 3.8 → 4 + 0.8·(100 − 4) = 80.8.
        // Sample stddev: Σ(x − 22)² = 441 + 400 + 361 + 324 + 6084 = 7610; √(7610/4) = 43.6177.
        // MAD: |x − 3| = 2 1 0 1 97 → median 1.
        var s = SampleSummary.Of([4, 100, 1, 3, 2])!;

        Assert.Equal(1, s.Min);
        Assert.Equal(100, s.Max);
        Assert.Equal(3, s.Median);
        Assert.Equal(22, s.Mean, 10);
        Assert.Equal(80.8, s.P95, 10);
        Assert.Equal(43.617656975, s.StandardDeviation, 8);
        Assert.Equal(1, s.MedianAbsoluteDeviation);
    }

    [Fact]
    public void Even_sample_interpolates_median_and_p95()
    {
        // Sorted 1 2 3 4: median h = 1.5 → 2.5; p95 h = 2.85 → 3 + 0.85 = 3.85.
        var s = SampleSummary.Of([4, 1, 3, 2])!;

        Assert.Equal(2.5, s.Median, 10);
        Assert.Equal(3.85, s.P95, 10);
        Assert.Equal(1.290994449, s.StandardDeviation, 8);
    }

    [Fact]
    public void Single_value_has_zero_spread()
    {
        var s = SampleSummary.Of([7.5])!;

        Assert.Equal(7.5, s.Median);
        Assert.Equal(7.5, s.P95);
        Assert.Equal(0, s.StandardDeviation);
        Assert.Empty(s.Outliers);
    }

    [Fact]
    public void Empty_sample_has_no_summary() => Assert.Null(SampleSummary.Of([]));

    [Fact]
    public void Outlier_is_flagged_by_modified_z_score_and_kept()
    {
        // z(100) = 0.6745·97/1 = 65.4 > 3.5; z(1) = 0.6745·(−2)/1 = −1.35.
        var s = SampleSummary.Of([4, 100, 1, 3, 2])!;

        Assert.Equal([1], s.Outliers);
        Assert.Equal(5, s.Count);
        Assert.Equal(65.4265, OutlierRule.ModifiedZScores(s.Values, s.Median)[1], 4);
    }

    [Fact]
    public void Zero_mad_falls_back_to_mean_absolute_deviation()
    {
        // MAD of 5 5 5 5 9 is 0; MeanAD = 4/5 = 0.8; z(9) = 4/(1.253314·0.8) = 3.989 > 3.5.
        var scores = OutlierRule.ModifiedZScores([5, 5, 5, 5, 9], 5);

        Assert.Equal(3.98942, scores[4], 4);
        Assert.Equal([4], OutlierRule.FindOutliers([5, 5, 5, 5, 9], 5));
        Assert.Empty(OutlierRule.FindOutliers([5, 5, 5, 5, 5], 5));
    }

    [Fact]
    public void Value_just_inside_the_cutoff_is_not_an_outlier()
    {
        // Median 10, MAD 1: 15 scores 0.6745·5 = 3.37 (kept), 16 scores 4.05 (flagged).
        Assert.Empty(OutlierRule.FindOutliers([9, 10, 11, 10, 15], 10));
        Assert.Equal([4], OutlierRule.FindOutliers([9, 10, 11, 10, 16], 10));
    }

    [Theory]
    [InlineData("Median", 3)]
    [InlineData("P95", 80.8)]
    [InlineData("Mean", 22)]
    [InlineData("Min", 1)]
    [InlineData("Max", 100)]
    public void Aggregate_selects_the_statistic(string aggregate, double expected)
        => Assert.Equal(expected, SampleSummary.Of([4, 100, 1, 3, 2])!.Aggregate(Enum.Parse<Aggregate>(aggregate)), 10);

    [Fact]
    public void Order_statistics_are_ordered_for_any_sample()
        => Gen.Double[0, 10_000].Array[1, 40].Sample(values =>
        {
            var s = SampleSummary.Of(values)!;
            return s.Min <= s.Median && s.Median <= s.P95 && s.P95 <= s.Max
                && s.Mean >= s.Min - 1e-9 && s.Mean <= s.Max + 1e-9 && s.StandardDeviation >= 0;
        });
}
