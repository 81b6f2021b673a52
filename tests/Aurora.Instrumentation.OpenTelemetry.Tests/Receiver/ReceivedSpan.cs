namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>A span decoded from an acknowledged OTLP export request.</summary>
/// <param name="TraceId">Lower-case hex, 32 characters (the same text as <c>ActivityTraceId.ToHexString()</c>).</param>
/// <param name="SpanId">Lower-case hex, 16 characters.</param>
/// <param name="ParentSpanId">Lower-case hex, or null when the span has no parent (a root span).</param>
/// <param name="Name">The span name (<c>Activity.DisplayName</c>).</param>
/// <param name="Kind">OTLP span kind.</param>
/// <param name="StartUnixNano">Start, nanoseconds since the Unix epoch.</param>
/// <param name="EndUnixNano">End, nanoseconds since the Unix epoch.</param>
/// <param name="Attributes">
/// Span attributes. Values are <see cref="string"/>, <see cref="bool"/>, <see cref="long"/> (every integer type),
/// <see cref="double"/>, <c>byte[]</c>, <c>IReadOnlyList&lt;object?&gt;</c> (arrays) or
/// <c>IReadOnlyDictionary&lt;string, object?&gt;</c> (key/value lists); null for an empty value.
/// </param>
/// <param name="Events">Span events, in the order sent.</param>
/// <param name="StatusCode">OTLP status code: 0 unset, 1 ok, 2 error.</param>
/// <param name="StatusMessage">Status description, empty when none.</param>
/// <param name="TraceState">W3C trace state, empty when none.</param>
/// <param name="ResourceAttributes">Attributes of the resource the span was sent under (e.g. <c>service.name</c>).</param>
/// <param name="ScopeName">Instrumentation scope name (the <c>ActivitySource</c> name).</param>
/// <param name="ScopeVersion">Instrumentation scope version, empty when none.</param>
/// <param name="Protocol">The endpoint the span arrived on.</param>
public sealed record ReceivedSpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    ReceivedSpanKind Kind,
    ulong StartUnixNano,
    ulong EndUnixNano,
    IReadOnlyDictionary<string, object?> Attributes,
    IReadOnlyList<ReceivedSpanEvent> Events,
    int StatusCode,
    string StatusMessage,
    string TraceState,
    IReadOnlyDictionary<string, object?> ResourceAttributes,
    string ScopeName,
    string ScopeVersion,
    ReceiverProtocol Protocol)
{
    /// <summary>Start as a UTC timestamp (100 ns resolution).</summary>
    public DateTimeOffset StartTime => UnixNano.ToDateTimeOffset(StartUnixNano);

    /// <summary>End as a UTC timestamp (100 ns resolution).</summary>
    public DateTimeOffset EndTime => UnixNano.ToDateTimeOffset(EndUnixNano);

    /// <summary>Shorthand for <c>Attributes[key]</c> that names the span when the key is missing.</summary>
    public object? Attribute(string key) =>
        Attributes.TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"Span '{Name}' has no attribute '{key}' (has: {string.Join(", ", Attributes.Keys)}).");
}
