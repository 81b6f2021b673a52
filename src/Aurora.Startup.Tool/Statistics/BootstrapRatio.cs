namespace Aurora.Startup.Tool.Statistics;

/// <summary>
/// Percentile-bootstrap confidence interval of median(head)/median(base): each resample draws both groups with
/// replacement (independently, keeping their sizes). The generator is seeded so a result is reproducible.
/// </summary>
internal static class BootstrapRatio
{
    public const int DefaultResamples = 2000;
    public const int DefaultSeed = 20260101;

    public static (double Lower, double Upper) ConfidenceInterval(
        IReadOnlyList<double> baseline,
        IReadOnlyList<double> head,
        double confidence = 0.95,
        int resamples = DefaultResamples,
        int seed = DefaultSeed)
    {
        if (baseline.Count == 0 || head.Count == 0)
        {
            return (double.NaN, double.NaN);
        }

        // Seeded System.Random is deterministic across runs and platforms (legacy seeded algorithm).
#pragma warning disable CA5394 // Not for security: reproducible resampling.
        var random = new Random(seed);
        var ratios = new double[resamples];
        var baseBuffer = new double[baseline.Count];
        var headBuffer = new double[head.Count];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < baseBuffer.Length; i++)
            {
                baseBuffer[i] = baseline[random.Next(baseline.Count)];
            }

            for (var i = 0; i < headBuffer.Length; i++)
            {
                headBuffer[i] = head[random.Next(head.Count)];
            }
#pragma warning restore CA5394

            Array.Sort(baseBuffer);
            Array.Sort(headBuffer);
            ratios[r] = Ratio(SampleSummary.Quantile(headBuffer, 0.5), SampleSummary.Quantile(baseBuffer, 0.5));
        }

        Array.Sort(ratios);
        var tail = (1 - confidence) / 2;
        return (SampleSummary.Quantile(ratios, tail), SampleSummary.Quantile(ratios, 1 - tail));
    }

    /// <summary>head/base, defined as 1 when both are 0 and +∞ when only the base is 0.</summary>
    public static double Ratio(double head, double baseline)
    {
        if (baseline > 0)
        {
            return head / baseline;
        }

        return head > 0 ? double.PositiveInfinity : 1.0;
    }
}
