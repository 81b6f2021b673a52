namespace Aurora.Instrumentation.Testing.Statistics;

/// <summary>
/// Descriptive statistics of one series of measurements. Quantiles use linear interpolation between order
/// statistics (Hyndman–Fan type 7, the default of R, NumPy and Excel's PERCENTILE.INC); the standard deviation is
/// the sample one (n − 1).
/// </summary>
internal sealed class SampleSummary
{
    private SampleSummary(IReadOnlyList<double> values, double[] sorted)
    {
        Values = values;
        Count = sorted.Length;
        Min = sorted[0];
        Max = sorted[^1];
        Median = Quantile(sorted, 0.5);
        P95 = Quantile(sorted, 0.95);
        Mean = sorted.Average();
        StandardDeviation = SampleStandardDeviation(sorted, Mean);
        MedianAbsoluteDeviation = MedianAbsoluteDeviationOf(sorted, Median);
        Outliers = OutlierRule.FindOutliers(values, Median);
    }

    /// <summary>The measurements in run order.</summary>
    public IReadOnlyList<double> Values { get; }

    public int Count { get; }

    public double Min { get; }

    public double Max { get; }

    public double Median { get; }

    public double P95 { get; }

    public double Mean { get; }

    /// <summary>Sample standard deviation (n − 1); 0 for a single value.</summary>
    public double StandardDeviation { get; }

    /// <summary>Raw (unscaled) median absolute deviation from the median.</summary>
    public double MedianAbsoluteDeviation { get; }

    /// <summary>Indexes (into <see cref="Values"/>) of the outliers by modified z-score; they are flagged, never dropped.</summary>
    public IReadOnlyList<int> Outliers { get; }

    /// <summary>Summarises <paramref name="values"/>, or returns <c>null</c> when there are none.</summary>
    public static SampleSummary? Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        return new SampleSummary(values, sorted);
    }

    /// <summary>The value selected by <paramref name="aggregate"/>.</summary>
    public double Aggregate(Aggregate aggregate) => aggregate switch
    {
        Statistics.Aggregate.Median => Median,
        Statistics.Aggregate.P95 => P95,
        Statistics.Aggregate.Mean => Mean,
        Statistics.Aggregate.Min => Min,
        Statistics.Aggregate.Max => Max,
        _ => throw new ArgumentOutOfRangeException(nameof(aggregate), aggregate, null),
    };

    /// <summary>Type-7 quantile of already sorted values: x[h] with h = (n − 1)·p, interpolated linearly.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double probability)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("no values", nameof(sorted));
        }

        var h = (sorted.Count - 1) * probability;
        var lower = (int)Math.Floor(h);
        if (lower >= sorted.Count - 1)
        {
            return sorted[^1];
        }

        return sorted[lower] + ((h - lower) * (sorted[lower + 1] - sorted[lower]));
    }

    /// <summary>The median of unsorted values.</summary>
    public static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return Quantile(sorted, 0.5);
    }

    private static double SampleStandardDeviation(double[] values, double mean)
    {
        if (values.Length < 2)
        {
            return 0;
        }

        var sum = 0.0;
        foreach (var value in values)
        {
            sum += (value - mean) * (value - mean);
        }

        return Math.Sqrt(sum / (values.Length - 1));
    }

    private static double MedianAbsoluteDeviationOf(double[] values, double median)
        => MedianOf(values.Select(value => Math.Abs(value - median)));
}
