using System.Buffers.Binary;
using System.Globalization;
using Aurora.Instrumentation.OpenTelemetry.Protocol;
using Aurora.Instrumentation.Telemetry;

namespace Aurora.Instrumentation.OpenTelemetry.Metrics;

/// <summary>
/// The cumulative metrics of one installation (one destination's spool folder, one user, one machine): every series
/// with its totals since <see cref="StartUnixNano"/>, under a random <see cref="InstanceId"/> that becomes the metrics'
/// <c>service.instance.id</c>. Each short-lived run adds to it when its measurements are sent, so the backend sees
/// one long-lived, monotonic series per installation — what Prometheus, Mimir and a Collector expect of cumulative
/// data — instead of a new series (or a counter reset) per process. Persisted next to the spool files
/// (<see cref="FileName"/>); changed only after the collector confirmed the points that include the change.
/// </summary>
internal sealed class MetricsState
{
    public const string FileName = "metrics.state";

    private readonly Dictionary<string, MetricSeries> _series;

    private MetricsState(ulong startUnixNano, string instanceId, Dictionary<string, MetricSeries> series)
    {
        StartUnixNano = startUnixNano;
        InstanceId = instanceId;
        _series = series;
    }

    public ulong StartUnixNano { get; }

    public string InstanceId { get; }

    public IEnumerable<MetricSeries> Series => _series.Values;

    /// <summary>A new installation series set, starting just before <paramref name="startUnixNano"/>.</summary>
    public static MetricsState CreateNew(ulong startUnixNano)
    {
        var id = Timeline.SpanIds.Next().ToString("x16", CultureInfo.InvariantCulture) + Timeline.SpanIds.Next().ToString("x16", CultureInfo.InvariantCulture);
        return new MetricsState(startUnixNano > 0 ? startUnixNano - 1 : 0, id, []);
    }

    public MetricSeries GetOrAdd(StartupInstrument instrument, IReadOnlyList<KeyValuePair<string, object>> attributes)
    {
        var key = MetricSeries.KeyOf(instrument, attributes);
        if (!_series.TryGetValue(key, out var series))
        {
            series = new MetricSeries(instrument, attributes);
            _series.Add(key, series);
        }

        return series;
    }

    public MetricsState Clone()
    {
        var copy = new Dictionary<string, MetricSeries>(_series.Count);
        foreach (var (key, series) in _series)
        {
            copy.Add(key, series.Clone());
        }

        return new MetricsState(StartUnixNano, InstanceId, copy);
    }

    public byte[] Encode()
    {
        var writer = new ProtobufWriter();
        writer.WriteFixed64(1, StartUnixNano);
        writer.WriteString(2, InstanceId);
        Span<ulong> buckets = stackalloc ulong[StartupMetrics.DurationBucketBoundaries.Count + 1];
        foreach (var series in _series.Values)
        {
            writer.BeginMessage(3);
            writer.WriteVarintField(1, (byte)series.Instrument);
            foreach (var attribute in series.Attributes)
            {
                OtlpTraceSerializer.WriteKeyValue(writer, 2, attribute.Key, attribute.Value);
            }

            writer.WriteFixed64(3, series.LastTimeUnixNano);
            writer.WriteVarintField(4, series.Count);
            writer.WriteDouble(5, series.Sum);
            series.BucketCounts.CopyTo(buckets);
            writer.WritePackedFixed64(6, buckets);
            writer.WriteDouble(7, series.Min);
            writer.WriteDouble(8, series.Max);
            writer.EndMessage();
        }

        return writer.ToArray();
    }

    /// <summary>Decodes a state; <c>null</c> when it is malformed (a new installation series set starts then).</summary>
    public static MetricsState? TryDecode(ReadOnlySpan<byte> payload)
    {
        var reader = new ProtobufReader(payload);
        ulong start = 0;
        string? id = null;
        var series = new Dictionary<string, MetricSeries>();
        while (reader.TryNext())
        {
            switch (reader.Field)
            {
                case 1 when reader.WireType == 1:
                    start = reader.Fixed64;
                    break;
                case 2 when reader.WireType == 2:
                    id = reader.String;
                    break;
                case 3 when reader.WireType == 2:
                    var one = TryDecodeSeries(reader.Bytes);
                    if (one is null)
                    {
                        return null;
                    }

                    series[MetricSeries.KeyOf(one.Instrument, one.Attributes)] = one;
                    break;
            }
        }

        return reader.Malformed || string.IsNullOrEmpty(id) ? null : new MetricsState(start, id, series);
    }

    private static MetricSeries? TryDecodeSeries(ReadOnlySpan<byte> message)
    {
        var reader = new ProtobufReader(message);
        ulong instrument = 0, last = 0, count = 0;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        var attributes = new List<KeyValuePair<string, object>>(3);
        ulong[]? buckets = null;
        while (reader.TryNext())
        {
            switch (reader.Field)
            {
                case 1 when reader.WireType == 0:
                    instrument = reader.Varint;
                    break;
                case 2 when reader.WireType == 2:
                    if (!AttributeCodec.TryDecode(reader.Bytes, out var attribute))
                    {
                        return null;
                    }

                    attributes.Add(attribute);
                    break;
                case 3 when reader.WireType == 1:
                    last = reader.Fixed64;
                    break;
                case 4 when reader.WireType == 0:
                    count = reader.Varint;
                    break;
                case 5 when reader.WireType == 1:
                    sum = reader.Double;
                    break;
                case 6 when reader.WireType == 2:
                    var bytes = reader.Bytes;
                    if (bytes.Length != (StartupMetrics.DurationBucketBoundaries.Count + 1) * 8)
                    {
                        return null;
                    }

                    buckets = new ulong[bytes.Length / 8];
                    for (var i = 0; i < buckets.Length; i++)
                    {
                        buckets[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * 8)..]);
                    }

                    break;
                case 7 when reader.WireType == 1:
                    min = reader.Double;
                    break;
                case 8 when reader.WireType == 1:
                    max = reader.Double;
                    break;
            }
        }

        if (reader.Malformed || instrument is < 1 or > 4 || buckets is null)
        {
            return null;
        }

        var series = new MetricSeries((StartupInstrument)instrument, attributes) { LastTimeUnixNano = last, Count = count, Sum = sum, Min = min, Max = max };
        buckets.CopyTo(series.BucketCounts, 0);
        return series;
    }
}
