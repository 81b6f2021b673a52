namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>A span event.</summary>
/// <param name="Name">Event name.</param>
/// <param name="TimeUnixNano">Event time, nanoseconds since the Unix epoch.</param>
/// <param name="Attributes">Event attributes (same value types as <see cref="ReceivedSpan.Attributes"/>).</param>
public sealed record ReceivedSpanEvent(string Name, ulong TimeUnixNano, IReadOnlyDictionary<string, object?> Attributes);
