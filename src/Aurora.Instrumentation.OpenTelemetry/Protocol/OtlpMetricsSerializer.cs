using Aurora.Instrumentation.OpenTelemetry.Metrics;
using Aurora.Instrumentation.OpenTelemetry.Otlp;
using Aurora.Instrumentation.Telemetry;

namespace Aurora.Instrumentation.OpenTelemetry.Protocol;

/// <summary>
/// Writes an OTLP <c>ExportMetricsServiceRequest</c> (opentelemetry/proto/collector/metrics/v1) of the startup
/// instruments: explicit-bucket histograms with the startup boundaries and the monotonic overrun sum, in the
/// <c>Aurora.Startup</c> scope, under the resource plus the installation's <c>service.instance.id</c>.
/// </summary>
internal static class OtlpMetricsSerializer
{
    private const int DeltaTemporality = 1;
    private const int CumulativeTemporality = 2;

    public static byte[] Serialize(IReadOnlyList<KeyValuePair<string, object?>> resource, string instanceId, IReadOnlyList<MetricPoint> points, OtlpTemporality temporality)
    {
        var writer = new ProtobufWriter();
        writer.BeginMessage(1); // ResourceMetrics resource_metrics = 1
        writer.BeginMessage(1); // Resource resource = 1
        var hasInstance = false;
        foreach (var attribute in resource)
        {
            hasInstance |= attribute.Key == "service.instance.id";
            OtlpTraceSerializer.WriteKeyValue(writer, 1, attribute.Key, attribute.Value);
        }

        if (!hasInstance)
        {
            OtlpTraceSerializer.WriteKeyValue(writer, 1, "service.instance.id", instanceId);
        }

        writer.EndMessage();
        writer.BeginMessage(2); // ScopeMetrics scope_metrics = 2
        writer.BeginMessage(1); // InstrumentationScope scope = 1
        writer.WriteString(1, AuroraStartup.MeterName);
        writer.WriteString(2, LibraryVersion.Value);
        writer.EndMessage();
        var aggregation = temporality == OtlpTemporality.Cumulative ? CumulativeTemporality : DeltaTemporality;
        foreach (var instrument in new[] { StartupInstrument.Duration, StartupInstrument.PhaseDuration, StartupInstrument.LazyWait, StartupInstrument.BudgetOverruns })
        {
            WriteMetric(writer, instrument, points, aggregation);
        }

        writer.EndMessage();
        writer.EndMessage();
        return writer.ToArray();
    }

    private static void WriteMetric(ProtobufWriter writer, StartupInstrument instrument, IReadOnlyList<MetricPoint> points, int aggregation)
    {
        var any = false;
        foreach (var point in points)
        {
            any |= point.Instrument == instrument;
        }

        if (!any)
        {
            return;
        }

        var histogram = StartupInstrumentInfo.IsHistogram(instrument);
        writer.BeginMessage(2); // Metric metrics = 2
        writer.WriteString(1, StartupInstrumentInfo.Name(instrument));
        writer.WriteString(2, StartupInstrumentInfo.Description(instrument));
        writer.WriteString(3, StartupInstrumentInfo.Unit(instrument));
        writer.BeginMessage(histogram ? 9 : 7); // Histogram histogram = 9 | Sum sum = 7
        foreach (var point in points)
        {
            if (point.Instrument != instrument)
            {
                continue;
            }

            writer.BeginMessage(1); // data_points = 1
            if (histogram)
            {
                WriteHistogramPoint(writer, point);
            }
            else
            {
                WriteSumPoint(writer, point);
            }

            writer.EndMessage();
        }

        writer.WriteVarintField(2, (ulong)aggregation); // aggregation_temporality = 2
        if (!histogram)
        {
            writer.WriteBoolAlways(3, true); // is_monotonic = 3
        }

        writer.EndMessage();
        writer.EndMessage();
    }

    private static void WriteHistogramPoint(ProtobufWriter writer, MetricPoint point)
    {
        // HistogramDataPoint: start_time_unix_nano = 2, time_unix_nano = 3, count = 4, sum = 5, bucket_counts = 6,
        // explicit_bounds = 7, attributes = 9, min = 11, max = 12.
        writer.WriteFixed64(2, point.StartUnixNano);
        writer.WriteFixed64(3, point.TimeUnixNano);
        writer.WriteFixed64(4, point.Count);
        writer.WriteDouble(5, point.Sum);
        writer.WritePackedFixed64(6, point.BucketCounts);
        var bounds = StartupMetrics.DurationBucketBoundaries;
        Span<ulong> boundBits = stackalloc ulong[bounds.Count];
        for (var i = 0; i < bounds.Count; i++)
        {
            boundBits[i] = BitConverter.DoubleToUInt64Bits(bounds[i]);
        }

        writer.WritePackedFixed64(7, boundBits);
        WriteAttributes(writer, 9, point);
        if (point.Count > 0)
        {
            writer.WriteDouble(11, point.Min);
            writer.WriteDouble(12, point.Max);
        }
    }

    private static void WriteSumPoint(ProtobufWriter writer, MetricPoint point)
    {
        // NumberDataPoint: start_time_unix_nano = 2, time_unix_nano = 3, as_int = 6 (sfixed64), attributes = 7.
        writer.WriteFixed64(2, point.StartUnixNano);
        writer.WriteFixed64(3, point.TimeUnixNano);
        writer.WriteFixed64(6, (ulong)(long)point.Sum);
        WriteAttributes(writer, 7, point);
    }

    private static void WriteAttributes(ProtobufWriter writer, int field, MetricPoint point)
    {
        foreach (var attribute in point.Attributes)
        {
            OtlpTraceSerializer.WriteKeyValue(writer, field, attribute.Key, attribute.Value);
        }
    }
}
