using Aurora.Instrumentation.Telemetry;

namespace Aurora.Instrumentation.OpenTelemetry.Metrics;

/// <summary>
/// One metric measurement of a run, with the times it belongs to: a histogram value in seconds, or a counter
/// increment. Derived from the finished spans (<see cref="StartupMeasurements"/>), spooled with the run, and turned into
/// OTLP data points by the sender (<see cref="MetricPointBuilder"/>), so a run's metrics keep their original times
/// however late they are sent.
/// </summary>
/// <param name="Instrument">Which contract instrument.</param>
/// <param name="Value">Seconds for the histograms; the increment for the overrun counter.</param>
/// <param name="StartUnixNano">The start of the run (the process start): the window the measurement belongs to.</param>
/// <param name="TimeUnixNano">When it was measured (the span's end).</param>
/// <param name="Attributes">The metric attributes (strings and booleans), in contract order.</param>
internal sealed record StartupMeasurement(
    StartupInstrument Instrument,
    double Value,
    ulong StartUnixNano,
    ulong TimeUnixNano,
    IReadOnlyList<KeyValuePair<string, object>> Attributes);
