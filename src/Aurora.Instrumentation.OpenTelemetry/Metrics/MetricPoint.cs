using Aurora.Instrumentation.Telemetry;

namespace Aurora.Instrumentation.OpenTelemetry.Metrics;

/// <summary>One OTLP data point to send: a histogram point, or the overrun counter's sum (<see cref="Sum"/> as an integer).</summary>
internal sealed record MetricPoint(
    StartupInstrument Instrument,
    IReadOnlyList<KeyValuePair<string, object>> Attributes,
    ulong StartUnixNano,
    ulong TimeUnixNano,
    ulong Count,
    double Sum,
    ulong[] BucketCounts,
    double Min,
    double Max);
