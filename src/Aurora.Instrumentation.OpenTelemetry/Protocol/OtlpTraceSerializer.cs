using System.Buffers.Binary;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation.OpenTelemetry.Protocol;

/// <summary>
/// Writes OTLP traces (opentelemetry/proto/collector/trace/v1). A run spools its spans as the body of one
/// <c>ScopeSpans</c> message (<see cref="SerializeScopeSpans"/>: the <c>Aurora.Startup</c> scope and the spans, ids and
/// all); whoever sends them wraps that in an <c>ExportTraceServiceRequest</c> with the resource
/// (<see cref="WrapRequest"/>), so the exiting app never computes a resource. Only the fields Aurora's spans use are
/// written (attributes, events, parent, trace state, flags); every span is internal, with status unset, as the
/// timeline's activities are.
/// </summary>
internal static class OtlpTraceSerializer
{
    private const long UnixEpochTicks = 621_355_968_000_000_000L;

    /// <summary>An <c>ExportTraceServiceRequest</c> of <paramref name="spans"/> under <paramref name="resource"/>.</summary>
    public static byte[] Serialize(IReadOnlyList<KeyValuePair<string, object?>> resource, IReadOnlyList<StartupSpanData> spans)
        => WrapRequest(resource, SerializeScopeSpans(spans));

    /// <summary>The contents of a <c>ScopeSpans</c> message: <c>scope = 1</c> (<c>Aurora.Startup</c>) and <c>spans = 2</c>.</summary>
    public static byte[] SerializeScopeSpans(IReadOnlyList<StartupSpanData> spans)
    {
        var writer = new ProtobufWriter();
        writer.BeginMessage(1); // InstrumentationScope scope = 1
        writer.WriteString(1, AuroraStartup.SourceName);
        writer.WriteString(2, Aurora.Instrumentation.Telemetry.LibraryVersion.Value); // the core's, as its source has
        writer.EndMessage();
        for (var i = 0; i < spans.Count; i++)
        {
            WriteSpan(writer, spans[i]);
        }

        return writer.ToArray();
    }

    /// <summary>
    /// <c>ExportTraceServiceRequest { resource_spans = 1: ResourceSpans { resource = 1; scope_spans = 2 } }</c> around a
    /// <c>ScopeSpans</c> body written by <see cref="SerializeScopeSpans"/>.
    /// </summary>
    public static byte[] WrapRequest(IReadOnlyList<KeyValuePair<string, object?>> resource, ReadOnlySpan<byte> scopeSpans)
    {
        var writer = new ProtobufWriter();
        writer.BeginMessage(1); // ResourceSpans resource_spans = 1
        writer.BeginMessage(1); // Resource resource = 1
        foreach (var attribute in resource)
        {
            WriteKeyValue(writer, 1, attribute.Key, attribute.Value);
        }

        writer.EndMessage();
        writer.WriteBytes(2, scopeSpans); // ScopeSpans scope_spans = 2, already encoded
        writer.EndMessage();
        return writer.ToArray();
    }

    internal static ulong ToUnixNanoseconds(long utcTicks) => (ulong)((utcTicks - UnixEpochTicks) * 100);

    private static void WriteSpan(ProtobufWriter writer, StartupSpanData span)
    {
        Span<byte> id = stackalloc byte[16];
        writer.BeginMessage(2); // Span spans = 2
        BinaryPrimitives.WriteUInt64BigEndian(id, span.TraceIdHigh);
        BinaryPrimitives.WriteUInt64BigEndian(id[8..], span.TraceIdLow);
        writer.WriteBytes(1, id);
        BinaryPrimitives.WriteUInt64BigEndian(id, span.SpanId);
        writer.WriteBytes(2, id[..8]);
        writer.WriteString(3, span.TraceState);
        if (span.ParentSpanId != 0)
        {
            BinaryPrimitives.WriteUInt64BigEndian(id, span.ParentSpanId);
            writer.WriteBytes(4, id[..8]);
        }

        writer.WriteString(5, span.Name);
        writer.WriteVarintField(6, 1); // SpanKind: every startup span is INTERNAL (1)
        writer.WriteFixed64(7, ToUnixNanoseconds(span.StartUtcTicks));
        writer.WriteFixed64(8, ToUnixNanoseconds(span.EndUtcTicks));
        foreach (var attribute in span.Attributes)
        {
            WriteKeyValue(writer, 9, attribute.Key, attribute.Value);
        }

        if (span.Events is { } events)
        {
            foreach (var spanEvent in events)
            {
                writer.BeginMessage(11); // Event events = 11
                writer.WriteFixed64(1, ToUnixNanoseconds(spanEvent.UtcTicks));
                writer.WriteString(2, spanEvent.Name);
                foreach (var attribute in spanEvent.Attributes)
                {
                    WriteKeyValue(writer, 3, attribute.Key, attribute.Value);
                }

                writer.EndMessage();
            }
        }

        // flags: the W3C trace flags (sampled: only sampled spans are exported) plus "has is_remote" (0x100) and
        // "is_remote" (0x200) for the parent.
        var flags = span.Sampled ? 1u : 0u;
        if (span.ParentSpanId != 0)
        {
            flags |= 0x100;
            if (span.HasRemoteParent)
            {
                flags |= 0x200;
            }
        }

        writer.WriteFixed32(16, flags);
        writer.EndMessage();
    }

    internal static void WriteKeyValue(ProtobufWriter writer, int field, string key, object? value)
    {
        if (value is null)
        {
            return;
        }

        writer.BeginMessage(field); // KeyValue
        writer.WriteString(1, key);
        writer.BeginMessage(2); // AnyValue value = 2
        switch (value)
        {
            case string text:
                writer.WriteStringAlways(1, text);
                break;
            case bool flag:
                writer.WriteBoolAlways(2, flag);
                break;
            case int number:
                writer.WriteVarintField(3, (ulong)(long)number);
                break;
            case long number:
                writer.WriteVarintField(3, (ulong)number);
                break;
            case double number:
                writer.WriteDouble(4, number);
                break;
            case short or sbyte or byte or ushort or uint:
                writer.WriteVarintField(3, (ulong)Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case float or decimal:
                writer.WriteDouble(4, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringAlways(1, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                break;
        }

        writer.EndMessage();
        writer.EndMessage();
    }
}
