namespace Aurora.Instrumentation.Testing.Statistics;

/// <summary>
/// Iglewicz–Hoaglin outliers: modified z-score M = 0.6745·(x − median)/MAD, outlier when |M| &gt; 3.5. When the
/// MAD is 0 (more than half the runs identical) the mean absolute deviation is used instead,
/// M = (x − median)/(1.253314·MeanAD), as IBM SPSS does; when that is 0 too, nothing is an outlier.
/// </summary>
internal static class OutlierRule
{
    public const double Cutoff = 3.5;

    public static double[] ModifiedZScores(IReadOnlyList<double> values, double median)
    {
        var deviations = values.Select(value => Math.Abs(value - median)).ToArray();
        var mad = SampleSummary.MedianOf(deviations);
        var scores = new double[values.Count];
        if (mad > 0)
        {
            for (var i = 0; i < values.Count; i++)
            {
                scores[i] = 0.6745 * (values[i] - median) / mad;
            }

            return scores;
        }

        var meanDeviation = deviations.Length == 0 ? 0 : deviations.Average();
        if (meanDeviation > 0)
        {
            for (var i = 0; i < values.Count; i++)
            {
                scores[i] = (values[i] - median) / (1.253314 * meanDeviation);
            }
        }

        return scores;
    }

    public static IReadOnlyList<int> FindOutliers(IReadOnlyList<double> values, double median)
    {
        var scores = ModifiedZScores(values, median);
        var outliers = new List<int>();
        for (var i = 0; i < scores.Length; i++)
        {
            if (Math.Abs(scores[i]) > Cutoff)
            {
                outliers.Add(i);
            }
        }

        return outliers;
    }
}
