using Aurora.Startup.Tool.Statistics;

namespace Aurora.Startup.Tool.Tests.Statistics;

public class MannWhitneyTestTests
{
    [Fact]
    public void Separated_samples_match_hand_computation()
    {
        // U = 0, mean 4.5, variance 3·3/12·7 = 5.25, z = −(4.5 − 0.5)/√5.25 = −1.7457, p = erfc(1.7457/√2) = 0.080856.
        var result = MannWhitneyTest.Run([1, 2, 3], [4, 5, 6]);

        Assert.Equal(0, result.U);
        Assert.Equal(-1.745743, result.Z, 5);
        Assert.Equal(0.0808556, result.P, 5);
    }

    [Fact]
    public void Ties_use_average_ranks_and_the_variance_correction()
    {
        // Ranks: 1 | 2 2 2 → 3 | 3 3 → 5.5 | 4 → 7 | 5 → 8. R₁ = 1 + 3 + 3 + 5.5 = 12.5, U = 2.5, mean 8.
        // Σ(t³ − t) = 24 + 6 = 30; variance = 16/12·(9 − 30/56) = 11.2857; z = −5/√11.2857; p = 0.136658.
        var result = MannWhitneyTest.Run([1, 2, 2, 3], [2, 3, 4, 5]);

        Assert.Equal(2.5, result.U);
        Assert.Equal(0.1366582, result.P, 5);
        Assert.True(result.Z < 0);
    }

    [Fact]
    public void Identical_constant_samples_are_not_significant()
        => Assert.Equal(1, MannWhitneyTest.Run([5, 5, 5], [5, 5, 5]).P);

    [Fact]
    public void Test_is_symmetric()
    {
        var a = MannWhitneyTest.Run([1, 4, 6, 7], [2, 3, 9, 10, 11]);
        var b = MannWhitneyTest.Run([2, 3, 9, 10, 11], [1, 4, 6, 7]);

        Assert.Equal(a.P, b.P, 12);
        Assert.Equal(-a.Z, b.Z, 12);
    }

    [Fact]
    public void Erfc_matches_known_values()
    {
        Assert.Equal(1.0, NormalDistribution.Erfc(0), 7);
        Assert.Equal(0.157299207, NormalDistribution.Erfc(1), 7);
        Assert.Equal(1.842700793, NormalDistribution.Erfc(-1), 7);
        Assert.Equal(0.05, NormalDistribution.TwoSidedP(1.959964), 6);
    }
}
