using Aurora.Instrumentation.Internal;

namespace Aurora.Instrumentation.OpenTelemetry.Protocol;

/// <summary>
/// Reads back an <c>opentelemetry.proto.common.v1.KeyValue</c> written by <see cref="OtlpTraceSerializer.WriteKeyValue"/>
/// with a string or boolean value: the attribute shape of the package's own spool records (metric attributes).
/// </summary>
internal static class AttributeCodec
{
    public static bool TryDecode(ReadOnlySpan<byte> message, out KeyValuePair<string, object> attribute)
    {
        attribute = default;
        var reader = new ProtobufReader(message);
        string? key = null;
        object? value = null;
        while (reader.TryNext())
        {
            if (reader.Field == 1 && reader.WireType == 2)
            {
                key = reader.String;
            }
            else if (reader.Field == 2 && reader.WireType == 2)
            {
                var any = new ProtobufReader(reader.Bytes);
                while (any.TryNext())
                {
                    if (any.Field == 1 && any.WireType == 2)
                    {
                        value = any.String;
                    }
                    else if (any.Field == 2 && any.WireType == 0)
                    {
                        value = BoxedValues.Of(any.Varint != 0);
                    }
                }

                if (any.Malformed)
                {
                    return false;
                }
            }
        }

        if (reader.Malformed || string.IsNullOrEmpty(key) || value is null)
        {
            return false;
        }

        attribute = new(key, value);
        return true;
    }
}
