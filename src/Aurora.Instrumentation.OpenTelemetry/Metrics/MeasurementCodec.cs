using Aurora.Instrumentation.OpenTelemetry.Protocol;
using Aurora.Instrumentation.Telemetry;

namespace Aurora.Instrumentation.OpenTelemetry.Metrics;

/// <summary>
/// A run's measurements as a spool payload (<see cref="Spool.SpoolFileFormat.MeasurementsKind"/>), in protobuf:
/// <c>repeated Measurement measurement = 1</c> with <c>Measurement { uint32 instrument = 1; double value = 2;
/// fixed64 start_time_unix_nano = 3; fixed64 time_unix_nano = 4; repeated opentelemetry.proto.common.v1.KeyValue
/// attributes = 5; }</c>. Small enough to write at exit; decoded only by the sender.
/// </summary>
internal static class MeasurementCodec
{
    public static byte[] Encode(IReadOnlyList<StartupMeasurement> measurements)
    {
        var writer = new ProtobufWriter();
        foreach (var measurement in measurements)
        {
            writer.BeginMessage(1);
            writer.WriteVarintField(1, (byte)measurement.Instrument);
            writer.WriteDouble(2, measurement.Value);
            writer.WriteFixed64(3, measurement.StartUnixNano);
            writer.WriteFixed64(4, measurement.TimeUnixNano);
            foreach (var attribute in measurement.Attributes)
            {
                OtlpTraceSerializer.WriteKeyValue(writer, 5, attribute.Key, attribute.Value);
            }

            writer.EndMessage();
        }

        return writer.ToArray();
    }

    /// <summary>Decodes a payload; <c>false</c> when it is malformed (the file is then quarantined).</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, out List<StartupMeasurement> measurements)
    {
        measurements = [];
        var reader = new ProtobufReader(payload);
        while (reader.TryNext())
        {
            if (reader.Field != 1 || reader.WireType != 2)
            {
                continue;
            }

            if (!TryDecodeMeasurement(reader.Bytes, out var measurement))
            {
                return false;
            }

            measurements.Add(measurement);
        }

        return !reader.Malformed;
    }

    private static bool TryDecodeMeasurement(ReadOnlySpan<byte> message, out StartupMeasurement measurement)
    {
        measurement = null!;
        var reader = new ProtobufReader(message);
        ulong instrument = 0, start = 0, time = 0;
        var value = double.NaN;
        var attributes = new List<KeyValuePair<string, object>>(3);
        while (reader.TryNext())
        {
            switch (reader.Field, reader.WireType)
            {
                case (1, 0):
                    instrument = reader.Varint;
                    break;
                case (2, 1):
                    value = reader.Double;
                    break;
                case (3, 1):
                    start = reader.Fixed64;
                    break;
                case (4, 1):
                    time = reader.Fixed64;
                    break;
                case (5, 2):
                    if (!AttributeCodec.TryDecode(reader.Bytes, out var attribute))
                    {
                        return false;
                    }

                    attributes.Add(attribute);
                    break;
            }
        }

        if (reader.Malformed || instrument is < 1 or > 4 || !double.IsFinite(value) || value < 0 || time == 0)
        {
            return false;
        }

        measurement = new((StartupInstrument)instrument, value, start, time, attributes);
        return true;
    }
}
