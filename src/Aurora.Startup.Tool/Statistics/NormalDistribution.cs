namespace Aurora.Startup.Tool.Statistics;

/// <summary>The standard normal distribution, enough of it for the Mann–Whitney normal approximation.</summary>
internal static class NormalDistribution
{
    /// <summary>Two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|) = erfc(|z|/√2).</summary>
    public static double TwoSidedP(double z) => Math.Min(1.0, Erfc(Math.Abs(z) / Math.Sqrt(2)));

    /// <summary>Φ(z).</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>
    /// Complementary error function, Chebyshev approximation (Numerical Recipes <c>erfcc</c>), fractional
    /// error below 1.2e-7 everywhere: ample for p-values compared with 0.05.
    /// </summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.5 * z));
        double[] coefficients = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var polynomial = 0.0;
        for (var i = coefficients.Length - 1; i >= 0; i--)
        {
            polynomial = coefficients[i] + (t * polynomial);
        }

        var ans = t * Math.Exp((-z * z) + polynomial);
        return x >= 0 ? ans : 2.0 - ans;
    }
}
