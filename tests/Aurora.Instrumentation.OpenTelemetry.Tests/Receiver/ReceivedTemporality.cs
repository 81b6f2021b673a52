namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>OTLP <c>AggregationTemporality</c> (numeric values as on the wire).</summary>
public enum ReceivedTemporality
{
    /// <summary>AGGREGATION_TEMPORALITY_UNSPECIFIED (also used for Gauge).</summary>
    Unspecified = 0,

    /// <summary>AGGREGATION_TEMPORALITY_DELTA.</summary>
    Delta = 1,

    /// <summary>AGGREGATION_TEMPORALITY_CUMULATIVE.</summary>
    Cumulative = 2,
}
