namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>The OTLP <c>Metric.data</c> case.</summary>
public enum ReceivedMetricKind
{
    /// <summary>No data case the receiver knows.</summary>
    Unknown,

    /// <summary>Gauge (field 5).</summary>
    Gauge,

    /// <summary>Sum (field 7): counters and up-down counters.</summary>
    Sum,

    /// <summary>Histogram with explicit buckets (field 9).</summary>
    Histogram,

    /// <summary>Exponential histogram (field 10); points are not decoded.</summary>
    ExponentialHistogram,

    /// <summary>Summary (field 11); points are not decoded.</summary>
    Summary,
}
