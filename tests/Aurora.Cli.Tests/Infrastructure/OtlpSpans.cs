using System.Text;

namespace Aurora.Cli.Tests.Infrastructure;

/// <summary>One span as sent on the wire.</summary>
public sealed record WireSpan(string TraceId, string SpanId, string ParentSpanId, string Name);

/// <summary>
/// Reads the spans out of an OTLP/HTTP protobuf <c>ExportTraceServiceRequest</c> with a minimal wire-format reader
/// (resource_spans=1 → scope_spans=2 → spans=2; span: trace_id=1, span_id=2, parent_span_id=4, name=5), so the test
/// checks the span tree that really left the process without generated OTLP classes.
/// </summary>
public static class OtlpSpans
{
    public static List<WireSpan> Parse(byte[] request)
    {
        var spans = new List<WireSpan>();
        foreach (var resourceSpans in Fields(request, 1))
        {
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                foreach (var span in Fields(scopeSpans, 2))
                {
                    spans.Add(new WireSpan(
                        Hex(Fields(span, 1).FirstOrDefault()),
                        Hex(Fields(span, 2).FirstOrDefault()),
                        Hex(Fields(span, 4).FirstOrDefault()),
                        Encoding.UTF8.GetString(Fields(span, 5).FirstOrDefault() ?? [])));
                }
            }
        }

        return spans;
    }

    /// <summary>The payloads of every length-delimited field <paramref name="number"/>; other fields are skipped.</summary>
    private static IEnumerable<byte[]> Fields(byte[] message, int number)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = Varint(message, ref position);
            var wireType = (int)(key & 7);
            switch (wireType)
            {
                case 0:
                    Varint(message, ref position);
                    break;
                case 1:
                    position += 8;
                    break;
                case 5:
                    position += 4;
                    break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    if ((int)(key >> 3) == number)
                    {
                        yield return message[position..(position + length)];
                    }

                    position += length;
                    break;
                default:
                    throw new FormatException($"unsupported protobuf wire type {wireType}");
            }
        }
    }

    private static ulong Varint(byte[] data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("varint too long");
    }

    private static string Hex(byte[]? bytes) => bytes is null ? string.Empty : Convert.ToHexStringLower(bytes);
}
