using System.Diagnostics;

namespace Aurora.Instrumentation.OpenTelemetry.Protocol;

/// <summary>
/// Writes an OTLP <c>ExportTraceServiceRequest</c> (opentelemetry/proto/collector/trace/v1) for the spool: the
/// same bytes the SDK exporter would post, so a later run can send a spooled file as it is, over either protocol.
/// Only the fields Aurora's spans use are written (attributes, events, status, parent, trace state, flags).
/// </summary>
internal static class OtlpTraceSerializer
{
    private const long UnixEpochTicks = 621_355_968_000_000_000L;

    public static byte[] Serialize(IReadOnlyList<KeyValuePair<string, object?>> resource, IReadOnlyList<Activity> spans)
    {
        var writer = new ProtobufWriter();

        // Group by instrumentation scope (the activity source), as the SDK does. Plain loops and reference
        // comparisons: this runs on the exit path, where every generic helper is JIT time.
        var scopes = new ActivitySource[spans.Count];
        var scopeCount = 0;
        for (var i = 0; i < spans.Count; i++)
        {
            var source = spans[i].Source;
            var known = false;
            for (var j = 0; j < scopeCount; j++)
            {
                known |= ReferenceEquals(scopes[j], source);
            }

            if (!known)
            {
                scopes[scopeCount++] = source;
            }
        }

        writer.BeginMessage(1); // ResourceSpans resource_spans = 1
        writer.BeginMessage(1); // Resource resource = 1
        foreach (var attribute in resource)
        {
            WriteKeyValue(writer, 1, attribute.Key, attribute.Value);
        }

        writer.EndMessage();
        for (var s = 0; s < scopeCount; s++)
        {
            var scope = scopes[s];
            writer.BeginMessage(2); // ScopeSpans scope_spans = 2
            writer.BeginMessage(1); // InstrumentationScope scope = 1
            writer.WriteString(1, scope.Name);
            writer.WriteString(2, scope.Version);
            writer.EndMessage();
            for (var i = 0; i < spans.Count; i++)
            {
                if (ReferenceEquals(spans[i].Source, scope))
                {
                    WriteSpan(writer, spans[i]);
                }
            }

            writer.EndMessage();
        }

        writer.EndMessage();
        return writer.ToArray();
    }

    internal static ulong ToUnixNanoseconds(DateTime utc) => (ulong)((utc.Ticks - UnixEpochTicks) * 100);

    private static void WriteSpan(ProtobufWriter writer, Activity span)
    {
        Span<byte> id = stackalloc byte[16];
        writer.BeginMessage(2); // Span spans = 2
        span.TraceId.CopyTo(id);
        writer.WriteBytes(1, id);
        span.SpanId.CopyTo(id[..8]);
        writer.WriteBytes(2, id[..8]);
        writer.WriteString(3, span.TraceStateString);
        if (span.ParentSpanId != default)
        {
            span.ParentSpanId.CopyTo(id[..8]);
            writer.WriteBytes(4, id[..8]);
        }

        writer.WriteString(5, span.DisplayName);
        writer.WriteVarintField(6, (ulong)span.Kind + 1); // SpanKind: ActivityKind + 1 (INTERNAL = 1 … CONSUMER = 5)
        var start = span.StartTimeUtc;
        writer.WriteFixed64(7, ToUnixNanoseconds(start));
        writer.WriteFixed64(8, ToUnixNanoseconds(start + span.Duration));
        foreach (var tag in span.TagObjects)
        {
            WriteKeyValue(writer, 9, tag.Key, tag.Value);
        }

        foreach (var activityEvent in span.Events)
        {
            writer.BeginMessage(11); // Event events = 11
            writer.WriteFixed64(1, ToUnixNanoseconds(activityEvent.Timestamp.UtcDateTime));
            writer.WriteString(2, activityEvent.Name);
            foreach (var tag in activityEvent.Tags)
            {
                WriteKeyValue(writer, 3, tag.Key, tag.Value);
            }

            writer.EndMessage();
        }

        if (span.Status != ActivityStatusCode.Unset)
        {
            writer.BeginMessage(15); // Status status = 15
            writer.WriteString(2, span.StatusDescription);
            writer.WriteVarintField(3, span.Status == ActivityStatusCode.Ok ? 1UL : 2UL);
            writer.EndMessage();
        }

        // flags: the W3C trace flags plus "has is_remote" (0x100) and "is_remote" (0x200) for the parent.
        var flags = (uint)span.ActivityTraceFlags;
        if (span.ParentSpanId != default)
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
