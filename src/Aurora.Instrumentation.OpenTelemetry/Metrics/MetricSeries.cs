using Aurora.Instrumentation.Telemetry;

namespace Aurora.Instrumentation.OpenTelemetry.Metrics;

/// <summary>
/// One running series of an installation: an instrument with one set of attributes, its totals since the state's start
/// and the time of its last exported point. Histograms count values into the startup buckets; the counter sums.
/// </summary>
internal sealed class MetricSeries
{
    public MetricSeries(StartupInstrument instrument, IReadOnlyList<KeyValuePair<string, object>> attributes)
    {
        Instrument = instrument;
        Attributes = attributes;
        BucketCounts = new ulong[StartupMetrics.DurationBucketBoundaries.Count + 1];
    }

    public StartupInstrument Instrument { get; }

    public IReadOnlyList<KeyValuePair<string, object>> Attributes { get; }

    public ulong LastTimeUnixNano { get; set; }

    public ulong Count { get; set; }

    /// <summary>Sum of the values (the counter's total).</summary>
    public double Sum { get; set; }

    public ulong[] BucketCounts { get; }

    public double Min { get; set; } = double.PositiveInfinity;

    public double Max { get; set; } = double.NegativeInfinity;

    /// <summary>Instrument and attributes as one text: the series' identity.</summary>
    public static string KeyOf(StartupInstrument instrument, IReadOnlyList<KeyValuePair<string, object>> attributes)
    {
        var key = new System.Text.StringBuilder().Append((int)instrument);
        foreach (var attribute in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            key.Append('\u0001').Append(attribute.Key).Append('=').Append(attribute.Value is bool flag ? (flag ? "true" : "false") : attribute.Value);
        }

        return key.ToString();
    }

    public void Add(double value)
    {
        Count++;
        Sum += value;
        if (StartupInstrumentInfo.IsHistogram(Instrument))
        {
            BucketCounts[BucketOf(value)]++;
            Min = Math.Min(Min, value);
            Max = Math.Max(Max, value);
        }
    }

    /// <summary>Adds another series' totals (a run's increments) to these.</summary>
    public void Merge(MetricSeries increments)
    {
        Count += increments.Count;
        Sum += increments.Sum;
        for (var i = 0; i < BucketCounts.Length; i++)
        {
            BucketCounts[i] += increments.BucketCounts[i];
        }

        Min = Math.Min(Min, increments.Min);
        Max = Math.Max(Max, increments.Max);
    }

    public MetricSeries Clone()
    {
        var copy = new MetricSeries(Instrument, Attributes)
        {
            LastTimeUnixNano = LastTimeUnixNano,
            Count = Count,
            Sum = Sum,
            Min = Min,
            Max = Max,
        };
        BucketCounts.CopyTo(copy.BucketCounts, 0);
        return copy;
    }

    /// <summary>The OTLP bucket of <paramref name="value"/>: bucket i holds (bound[i-1], bound[i]].</summary>
    internal static int BucketOf(double value)
    {
        var bounds = StartupMetrics.DurationBucketBoundaries;
        for (var i = 0; i < bounds.Count; i++)
        {
            if (value <= bounds[i])
            {
                return i;
            }
        }

        return bounds.Count;
    }
}
