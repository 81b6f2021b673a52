namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>One data point of a Gauge, Sum (NumberDataPoint) or Histogram (HistogramDataPoint).</summary>
/// <param name="Attributes">Point attributes (same value types as <see cref="ReceivedSpan.Attributes"/>).</param>
/// <param name="StartUnixNano">Start of the aggregation interval, nanoseconds since the Unix epoch.</param>
/// <param name="TimeUnixNano">End of the aggregation interval, nanoseconds since the Unix epoch.</param>
/// <param name="DoubleValue">Gauge/Sum <c>as_double</c>, else null.</param>
/// <param name="IntValue">Gauge/Sum <c>as_int</c>, else null.</param>
/// <param name="Count">Histogram count (0 for Gauge/Sum).</param>
/// <param name="Sum">Histogram sum, null when absent.</param>
/// <param name="BucketCounts">Histogram bucket counts (one more than <paramref name="ExplicitBounds"/>).</param>
/// <param name="ExplicitBounds">Histogram upper bucket bounds.</param>
/// <param name="Min">Histogram min, null when absent.</param>
/// <param name="Max">Histogram max, null when absent.</param>
public sealed record ReceivedDataPoint(
    IReadOnlyDictionary<string, object?> Attributes,
    ulong StartUnixNano,
    ulong TimeUnixNano,
    double? DoubleValue,
    long? IntValue,
    ulong Count,
    double? Sum,
    IReadOnlyList<ulong> BucketCounts,
    IReadOnlyList<double> ExplicitBounds,
    double? Min,
    double? Max);
