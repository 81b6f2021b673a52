namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>A metric decoded from an acknowledged OTLP export request (one per metric per request).</summary>
/// <param name="Name">Instrument name.</param>
/// <param name="Description">Instrument description, empty when none.</param>
/// <param name="Unit">Unit (e.g. <c>s</c>), empty when none.</param>
/// <param name="Kind">Which OTLP data type carried it.</param>
/// <param name="Temporality">Aggregation temporality (Sum and Histogram only; otherwise Unspecified).</param>
/// <param name="IsMonotonic">Sum's <c>is_monotonic</c> (false for other kinds).</param>
/// <param name="DataPoints">Points of a Gauge, Sum or Histogram (empty for exponential histograms and summaries).</param>
/// <param name="ResourceAttributes">Attributes of the resource it was sent under.</param>
/// <param name="ScopeName">Instrumentation scope name (the <c>Meter</c> name).</param>
/// <param name="ScopeVersion">Instrumentation scope version, empty when none.</param>
/// <param name="Protocol">The endpoint it arrived on.</param>
public sealed record ReceivedMetric(
    string Name,
    string Description,
    string Unit,
    ReceivedMetricKind Kind,
    ReceivedTemporality Temporality,
    bool IsMonotonic,
    IReadOnlyList<ReceivedDataPoint> DataPoints,
    IReadOnlyDictionary<string, object?> ResourceAttributes,
    string ScopeName,
    string ScopeVersion,
    ReceiverProtocol Protocol);
