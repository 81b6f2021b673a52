using Aurora.Instrumentation.Testing.Statistics;
using Aurora.Startup.Tool.Statistics;
using CsCheck;

namespace Aurora.Startup.Tool.Tests.Statistics;

public class HodgesLehmannTests
{
    [Fact]
    public void Median_of_the_Walsh_averages_matches_hand_computation()
        // Walsh averages (i ≤ j) of 1 2 4: 1, 1.5, 2.5, 2, 3, 4 → sorted 1 1.5 2 2.5 3 4 → median (2 + 2.5)/2 = 2.25.
        => Assert.Equal(2.25, HodgesLehmann.Estimate([1, 2, 4]), 12);

    [Fact]
    public void Odd_number_of_Walsh_averages_takes_the_middle_one()
        // 1 3 → 1, 2, 3 → 2.
        => Assert.Equal(2, HodgesLehmann.Estimate([1, 3]), 12);

    [Fact]
    public void One_wild_pair_moves_it_little()
        // 1 2 4 100 → 1 1.5 2 2.5 3 4 50.5 51 52 100 → (3 + 4)/2 = 3.5, where the mean is 26.75.
        => Assert.Equal(3.5, HodgesLehmann.Estimate([1, 2, 4, 100]), 12);

    [Fact]
    public void No_values_have_no_estimate() => Assert.True(double.IsNaN(HodgesLehmann.Estimate([])));

    [Fact]
    public void Selection_gives_the_same_median_as_sorting()
        => Gen.Double[-1000, 1000].Array[1, 300].Sample(values =>
        {
            var sorted = values.ToArray();
            Array.Sort(sorted);
            return Math.Abs(HodgesLehmann.Median(values.ToArray()) - SampleSummary.Quantile(sorted, 0.5)) <= 1e-9;
        });

    [Fact]
    public void Selection_handles_many_ties()
        => Gen.Int[0, 3].Select(i => (double)i).Array[1, 100].Sample(values =>
        {
            var sorted = values.ToArray();
            Array.Sort(sorted);
            return Math.Abs(HodgesLehmann.Median(values.ToArray()) - SampleSummary.Quantile(sorted, 0.5)) <= 1e-9;
        });
}
