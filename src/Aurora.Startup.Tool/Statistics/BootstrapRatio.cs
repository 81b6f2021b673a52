using Aurora.Instrumentation.Testing.Statistics;

namespace Aurora.Startup.Tool.Statistics;

/// <summary>
/// Percentile-bootstrap confidence intervals of the ratio head/base. Unpaired samples: of median(head)/median(base),
/// each resample drawing both groups with replacement (independently, keeping their sizes). Paired samples: of
/// exp(Hodges–Lehmann estimate of the dᵢ = ln(headᵢ/baseᵢ)), each resample drawing whole pairs, so that what the pairs
/// share (machine load drifting during the runs) stays cancelled in every resample as it is in the estimate.
/// The generator is seeded so a result is reproducible.
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

    /// <summary>The interval of exp(HL(d)) over resamples of the paired log ratios <paramref name="logRatios"/>.</summary>
    public static (double Lower, double Upper) PairedConfidenceInterval(
        IReadOnlyList<double> logRatios,
        double confidence = 0.95,
        int resamples = DefaultResamples,
        int seed = DefaultSeed)
    {
        if (logRatios.Count == 0)
        {
            return (double.NaN, double.NaN);
        }

#pragma warning disable CA5394 // Not for security: reproducible resampling.
        var random = new Random(seed);
        var estimates = new double[resamples];
        var buffer = new double[logRatios.Count];
        var walsh = new double[logRatios.Count * (logRatios.Count + 1) / 2];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = logRatios[random.Next(logRatios.Count)];
            }
#pragma warning restore CA5394

            var k = 0;
            for (var i = 0; i < buffer.Length; i++)
            {
                for (var j = i; j < buffer.Length; j++)
                {
                    walsh[k++] = (buffer[i] + buffer[j]) / 2;
                }
            }

            estimates[r] = HodgesLehmann.Median(walsh);
        }

        Array.Sort(estimates);
        var tail = (1 - confidence) / 2;
        return (Math.Exp(SampleSummary.Quantile(estimates, tail)), Math.Exp(SampleSummary.Quantile(estimates, 1 - tail)));
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
