using System.Buffers.Binary;
using Google.Protobuf;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>
/// Hand-written decoder for the few OTLP messages the tests need, read with <see cref="CodedInputStream"/>.
/// </summary>
/// <remarks>
/// Field numbers are those of open-telemetry/opentelemetry-proto (collector/trace/v1/trace_service.proto,
/// collector/metrics/v1/metrics_service.proto, trace/v1/trace.proto, metrics/v1/metrics.proto,
/// common/v1/common.proto, resource/v1/resource.proto). Any field not listed, or listed but arriving with an
/// unexpected wire type, is skipped, as a protobuf parser must. Malformed input throws
/// <see cref="InvalidDataException"/> or
/// <see cref="InvalidProtocolBufferException"/>.
/// </remarks>
internal static class OtlpProtobufDecoder
{
    private static readonly IReadOnlyDictionary<string, object?> NoAttributes = new Dictionary<string, object?>();

    /// <summary>Decodes an <c>ExportTraceServiceRequest</c> (1: repeated ResourceSpans resource_spans).</summary>
    public static List<ReceivedSpan> DecodeTraces(byte[] payload, ReceiverProtocol protocol)
    {
        var spans = new List<ReceivedSpan>();
        var input = new CodedInputStream(payload);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (Is(tag, 1, WireFormat.WireType.LengthDelimited))
            {
                DecodeResourceSpans(Sub(input), protocol, spans);
            }
            else
            {
                input.SkipLastField();
            }
        }

        return spans;
    }

    /// <summary>Decodes an <c>ExportMetricsServiceRequest</c> (1: repeated ResourceMetrics resource_metrics).</summary>
    public static List<ReceivedMetric> DecodeMetrics(byte[] payload, ReceiverProtocol protocol)
    {
        var metrics = new List<ReceivedMetric>();
        var input = new CodedInputStream(payload);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (Is(tag, 1, WireFormat.WireType.LengthDelimited))
            {
                DecodeResourceMetrics(Sub(input), protocol, metrics);
            }
            else
            {
                input.SkipLastField();
            }
        }

        return metrics;
    }

    // ResourceSpans { 1: Resource resource; 2: repeated ScopeSpans scope_spans; 3: string schema_url }
    private static void DecodeResourceSpans(CodedInputStream input, ReceiverProtocol protocol, List<ReceivedSpan> spans)
    {
        // Field order on the wire is not guaranteed: collect scopes first, attach the resource at the end.
        var resource = NoAttributes;
        var scopes = new List<CodedInputStream>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (Is(tag, 1, WireFormat.WireType.LengthDelimited))
            {
                resource = DecodeResource(Sub(input));
            }
            else if (Is(tag, 2, WireFormat.WireType.LengthDelimited))
            {
                scopes.Add(Sub(input));
            }
            else
            {
                input.SkipLastField();
            }
        }

        foreach (var scope in scopes)
        {
            DecodeScopeSpans(scope, resource, protocol, spans);
        }
    }

    // ScopeSpans { 1: InstrumentationScope scope; 2: repeated Span spans; 3: string schema_url }
    private static void DecodeScopeSpans(
        CodedInputStream input, IReadOnlyDictionary<string, object?> resource, ReceiverProtocol protocol, List<ReceivedSpan> spans)
    {
        var (scopeName, scopeVersion) = (string.Empty, string.Empty);
        var raw = new List<CodedInputStream>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (Is(tag, 1, WireFormat.WireType.LengthDelimited))
            {
                (scopeName, scopeVersion) = DecodeScope(Sub(input));
            }
            else if (Is(tag, 2, WireFormat.WireType.LengthDelimited))
            {
                raw.Add(Sub(input));
            }
            else
            {
                input.SkipLastField();
            }
        }

        foreach (var span in raw)
        {
            spans.Add(DecodeSpan(span, resource, scopeName, scopeVersion, protocol));
        }
    }

    // Span { 1: bytes trace_id; 2: bytes span_id; 3: string trace_state; 4: bytes parent_span_id; 5: string name;
    //        6: SpanKind kind; 7: fixed64 start_time_unix_nano; 8: fixed64 end_time_unix_nano;
    //        9: repeated KeyValue attributes; 11: repeated Event events; 15: Status status; 16: fixed32 flags; ... }
    private static ReceivedSpan DecodeSpan(
        CodedInputStream input, IReadOnlyDictionary<string, object?> resource, string scopeName, string scopeVersion, ReceiverProtocol protocol)
    {
        string traceId = string.Empty, spanId = string.Empty, traceState = string.Empty, name = string.Empty, statusMessage = string.Empty;
        string? parentSpanId = null;
        var kind = ReceivedSpanKind.Unspecified;
        ulong start = 0, end = 0;
        var statusCode = 0;
        var attributes = new Dictionary<string, object?>();
        var events = new List<ReceivedSpanEvent>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when IsLengthDelimited(tag):
                    traceId = Hex(input.ReadBytes());
                    break;
                case 2 when IsLengthDelimited(tag):
                    spanId = Hex(input.ReadBytes());
                    break;
                case 3 when IsLengthDelimited(tag):
                    traceState = input.ReadString();
                    break;
                case 4 when IsLengthDelimited(tag):
                    var parent = input.ReadBytes();
                    parentSpanId = parent.IsEmpty ? null : Hex(parent);
                    break;
                case 5 when IsLengthDelimited(tag):
                    name = input.ReadString();
                    break;
                case 6 when IsVarint(tag):
                    kind = (ReceivedSpanKind)input.ReadEnum();
                    break;
                case 7 when IsFixed64(tag):
                    start = input.ReadFixed64();
                    break;
                case 8 when IsFixed64(tag):
                    end = input.ReadFixed64();
                    break;
                case 9 when IsLengthDelimited(tag):
                    AddKeyValue(Sub(input), attributes);
                    break;
                case 11 when IsLengthDelimited(tag):
                    events.Add(DecodeEvent(Sub(input)));
                    break;
                case 15 when IsLengthDelimited(tag):
                    (statusCode, statusMessage) = DecodeStatus(Sub(input));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new ReceivedSpan(
            traceId, spanId, parentSpanId, name, kind, start, end, attributes, events, statusCode, statusMessage, traceState,
            resource, scopeName, scopeVersion, protocol);
    }

    // Span.Event { 1: fixed64 time_unix_nano; 2: string name; 3: repeated KeyValue attributes; 4: uint32 dropped }
    private static ReceivedSpanEvent DecodeEvent(CodedInputStream input)
    {
        ulong time = 0;
        var name = string.Empty;
        var attributes = new Dictionary<string, object?>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when IsFixed64(tag):
                    time = input.ReadFixed64();
                    break;
                case 2 when IsLengthDelimited(tag):
                    name = input.ReadString();
                    break;
                case 3 when IsLengthDelimited(tag):
                    AddKeyValue(Sub(input), attributes);
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new ReceivedSpanEvent(name, time, attributes);
    }

    // Status { 2: string message; 3: StatusCode code }  (field 1 is reserved)
    private static (int Code, string Message) DecodeStatus(CodedInputStream input)
    {
        var (code, message) = (0, string.Empty);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (Is(tag, 2, WireFormat.WireType.LengthDelimited))
            {
                message = input.ReadString();
            }
            else if (Is(tag, 3, WireFormat.WireType.Varint))
            {
                code = input.ReadEnum();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return (code, message);
    }

    // ResourceMetrics { 1: Resource resource; 2: repeated ScopeMetrics scope_metrics; 3: string schema_url }
    private static void DecodeResourceMetrics(CodedInputStream input, ReceiverProtocol protocol, List<ReceivedMetric> metrics)
    {
        var resource = NoAttributes;
        var scopes = new List<CodedInputStream>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (Is(tag, 1, WireFormat.WireType.LengthDelimited))
            {
                resource = DecodeResource(Sub(input));
            }
            else if (Is(tag, 2, WireFormat.WireType.LengthDelimited))
            {
                scopes.Add(Sub(input));
            }
            else
            {
                input.SkipLastField();
            }
        }

        foreach (var scope in scopes)
        {
            DecodeScopeMetrics(scope, resource, protocol, metrics);
        }
    }

    // ScopeMetrics { 1: InstrumentationScope scope; 2: repeated Metric metrics; 3: string schema_url }
    private static void DecodeScopeMetrics(
        CodedInputStream input, IReadOnlyDictionary<string, object?> resource, ReceiverProtocol protocol, List<ReceivedMetric> metrics)
    {
        var (scopeName, scopeVersion) = (string.Empty, string.Empty);
        var raw = new List<CodedInputStream>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (Is(tag, 1, WireFormat.WireType.LengthDelimited))
            {
                (scopeName, scopeVersion) = DecodeScope(Sub(input));
            }
            else if (Is(tag, 2, WireFormat.WireType.LengthDelimited))
            {
                raw.Add(Sub(input));
            }
            else
            {
                input.SkipLastField();
            }
        }

        foreach (var metric in raw)
        {
            metrics.Add(DecodeMetric(metric, resource, scopeName, scopeVersion, protocol));
        }
    }

    // Metric { 1: string name; 2: string description; 3: string unit;
    //          oneof data { 5: Gauge gauge; 7: Sum sum; 9: Histogram histogram; 10: ExponentialHistogram; 11: Summary } }
    private static ReceivedMetric DecodeMetric(
        CodedInputStream input, IReadOnlyDictionary<string, object?> resource, string scopeName, string scopeVersion, ReceiverProtocol protocol)
    {
        string name = string.Empty, description = string.Empty, unit = string.Empty;
        var kind = ReceivedMetricKind.Unknown;
        var temporality = ReceivedTemporality.Unspecified;
        var monotonic = false;
        var points = new List<ReceivedDataPoint>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when IsLengthDelimited(tag):
                    name = input.ReadString();
                    break;
                case 2 when IsLengthDelimited(tag):
                    description = input.ReadString();
                    break;
                case 3 when IsLengthDelimited(tag):
                    unit = input.ReadString();
                    break;
                case 5 when IsLengthDelimited(tag):
                    kind = ReceivedMetricKind.Gauge;
                    (temporality, monotonic) = DecodeNumberData(Sub(input), points);
                    break;
                case 7 when IsLengthDelimited(tag):
                    kind = ReceivedMetricKind.Sum;
                    (temporality, monotonic) = DecodeNumberData(Sub(input), points);
                    break;
                case 9 when IsLengthDelimited(tag):
                    kind = ReceivedMetricKind.Histogram;
                    temporality = DecodeHistogram(Sub(input), points);
                    break;
                case 10 when IsLengthDelimited(tag):
                    kind = ReceivedMetricKind.ExponentialHistogram;
                    input.SkipLastField();
                    break;
                case 11 when IsLengthDelimited(tag):
                    kind = ReceivedMetricKind.Summary;
                    input.SkipLastField();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new ReceivedMetric(name, description, unit, kind, temporality, monotonic, points, resource, scopeName, scopeVersion, protocol);
    }

    // Gauge { 1: repeated NumberDataPoint data_points }
    // Sum   { 1: repeated NumberDataPoint data_points; 2: AggregationTemporality; 3: bool is_monotonic }
    private static (ReceivedTemporality Temporality, bool Monotonic) DecodeNumberData(CodedInputStream input, List<ReceivedDataPoint> points)
    {
        var temporality = ReceivedTemporality.Unspecified;
        var monotonic = false;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when IsLengthDelimited(tag):
                    points.Add(DecodeNumberDataPoint(Sub(input)));
                    break;
                case 2 when IsVarint(tag):
                    temporality = (ReceivedTemporality)input.ReadEnum();
                    break;
                case 3 when IsVarint(tag):
                    monotonic = input.ReadBool();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (temporality, monotonic);
    }

    // NumberDataPoint { 7: repeated KeyValue attributes; 2: fixed64 start_time_unix_nano; 3: fixed64 time_unix_nano;
    //                   oneof value { 4: double as_double; 6: sfixed64 as_int }; 5: exemplars; 8: uint32 flags }
    private static ReceivedDataPoint DecodeNumberDataPoint(CodedInputStream input)
    {
        var attributes = new Dictionary<string, object?>();
        ulong start = 0, time = 0;
        double? asDouble = null;
        long? asInt = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 7 when IsLengthDelimited(tag):
                    AddKeyValue(Sub(input), attributes);
                    break;
                case 2 when IsFixed64(tag):
                    start = input.ReadFixed64();
                    break;
                case 3 when IsFixed64(tag):
                    time = input.ReadFixed64();
                    break;
                case 4 when IsFixed64(tag):
                    asDouble = input.ReadDouble();
                    break;
                case 6 when IsFixed64(tag):
                    asInt = input.ReadSFixed64();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new ReceivedDataPoint(attributes, start, time, asDouble, asInt, 0, null, [], [], null, null);
    }

    // Histogram { 1: repeated HistogramDataPoint data_points; 2: AggregationTemporality aggregation_temporality }
    private static ReceivedTemporality DecodeHistogram(CodedInputStream input, List<ReceivedDataPoint> points)
    {
        var temporality = ReceivedTemporality.Unspecified;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (Is(tag, 1, WireFormat.WireType.LengthDelimited))
            {
                points.Add(DecodeHistogramDataPoint(Sub(input)));
            }
            else if (Is(tag, 2, WireFormat.WireType.Varint))
            {
                temporality = (ReceivedTemporality)input.ReadEnum();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return temporality;
    }

    // HistogramDataPoint { 9: repeated KeyValue attributes; 2: fixed64 start_time_unix_nano; 3: fixed64 time_unix_nano;
    //   4: fixed64 count; 5: optional double sum; 6: repeated fixed64 bucket_counts; 7: repeated double explicit_bounds;
    //   8: exemplars; 10: uint32 flags; 11: optional double min; 12: optional double max }
    private static ReceivedDataPoint DecodeHistogramDataPoint(CodedInputStream input)
    {
        var attributes = new Dictionary<string, object?>();
        ulong start = 0, time = 0, count = 0;
        double? sum = null, min = null, max = null;
        var buckets = new List<ulong>();
        var bounds = new List<double>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 9 when IsLengthDelimited(tag):
                    AddKeyValue(Sub(input), attributes);
                    break;
                case 2 when IsFixed64(tag):
                    start = input.ReadFixed64();
                    break;
                case 3 when IsFixed64(tag):
                    time = input.ReadFixed64();
                    break;
                case 4 when IsFixed64(tag):
                    count = input.ReadFixed64();
                    break;
                case 5 when IsFixed64(tag):
                    sum = input.ReadDouble();
                    break;

                // Repeated scalars may arrive packed (one length-delimited run) or one value per tag; accept both.
                case 6 when IsLengthDelimited(tag):
                    ReadPacked64(input.ReadBytes(), v => buckets.Add(v));
                    break;
                case 6 when IsFixed64(tag):
                    buckets.Add(input.ReadFixed64());
                    break;
                case 7 when IsLengthDelimited(tag):
                    ReadPacked64(input.ReadBytes(), v => bounds.Add(BitConverter.UInt64BitsToDouble(v)));
                    break;
                case 7 when IsFixed64(tag):
                    bounds.Add(input.ReadDouble());
                    break;
                case 11 when IsFixed64(tag):
                    min = input.ReadDouble();
                    break;
                case 12 when IsFixed64(tag):
                    max = input.ReadDouble();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new ReceivedDataPoint(attributes, start, time, null, null, count, sum, buckets, bounds, min, max);
    }

    // Resource { 1: repeated KeyValue attributes; 2: uint32 dropped_attributes_count }
    private static Dictionary<string, object?> DecodeResource(CodedInputStream input)
    {
        var attributes = new Dictionary<string, object?>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (Is(tag, 1, WireFormat.WireType.LengthDelimited))
            {
                AddKeyValue(Sub(input), attributes);
            }
            else
            {
                input.SkipLastField();
            }
        }

        return attributes;
    }

    // InstrumentationScope { 1: string name; 2: string version; 3: repeated KeyValue attributes; 4: uint32 dropped }
    private static (string Name, string Version) DecodeScope(CodedInputStream input)
    {
        var (name, version) = (string.Empty, string.Empty);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (Is(tag, 1, WireFormat.WireType.LengthDelimited))
            {
                name = input.ReadString();
            }
            else if (Is(tag, 2, WireFormat.WireType.LengthDelimited))
            {
                version = input.ReadString();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return (name, version);
    }

    // KeyValue { 1: string key; 2: AnyValue value }
    private static void AddKeyValue(CodedInputStream input, Dictionary<string, object?> into)
    {
        var key = string.Empty;
        object? value = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (Is(tag, 1, WireFormat.WireType.LengthDelimited))
            {
                key = input.ReadString();
            }
            else if (Is(tag, 2, WireFormat.WireType.LengthDelimited))
            {
                value = DecodeAnyValue(Sub(input));
            }
            else
            {
                input.SkipLastField();
            }
        }

        // Keys must be unique (spec); the last one wins, as in the collector's pdata.
        into[key] = value;
    }

    // AnyValue { oneof value { 1: string; 2: bool; 3: int64; 4: double; 5: ArrayValue; 6: KeyValueList; 7: bytes } }
    private static object? DecodeAnyValue(CodedInputStream input)
    {
        object? value = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when IsLengthDelimited(tag):
                    value = input.ReadString();
                    break;
                case 2 when IsVarint(tag):
                    value = input.ReadBool();
                    break;
                case 3 when IsVarint(tag):
                    value = input.ReadInt64();
                    break;
                case 4 when IsFixed64(tag):
                    value = input.ReadDouble();
                    break;
                case 5 when IsLengthDelimited(tag):
                    value = DecodeArrayValue(Sub(input));
                    break;
                case 6 when IsLengthDelimited(tag):
                    value = DecodeKeyValueList(Sub(input));
                    break;
                case 7 when IsLengthDelimited(tag):
                    value = input.ReadBytes().ToByteArray();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return value;
    }

    // ArrayValue { 1: repeated AnyValue values }
    private static List<object?> DecodeArrayValue(CodedInputStream input)
    {
        var values = new List<object?>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (Is(tag, 1, WireFormat.WireType.LengthDelimited))
            {
                values.Add(DecodeAnyValue(Sub(input)));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return values;
    }

    // KeyValueList { 1: repeated KeyValue values }
    private static Dictionary<string, object?> DecodeKeyValueList(CodedInputStream input)
    {
        var values = new Dictionary<string, object?>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (Is(tag, 1, WireFormat.WireType.LengthDelimited))
            {
                AddKeyValue(Sub(input), values);
            }
            else
            {
                input.SkipLastField();
            }
        }

        return values;
    }

    private static void ReadPacked64(ByteString packed, Action<ulong> add)
    {
        var bytes = packed.Span;
        if (bytes.Length % 8 != 0)
        {
            throw new InvalidDataException($"Packed 64-bit field has {bytes.Length} bytes, not a multiple of 8.");
        }

        for (var offset = 0; offset < bytes.Length; offset += 8)
        {
            add(BinaryPrimitives.ReadUInt64LittleEndian(bytes[offset..]));
        }
    }

    // Each nested message gets its own stream over a copy of its bytes: simple, and this is test code.
    private static CodedInputStream Sub(CodedInputStream input) => new(input.ReadBytes().ToByteArray());

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    private static bool Is(uint tag, int field, WireFormat.WireType wireType) =>
        WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == wireType;

    private static bool IsLengthDelimited(uint tag) => WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited;

    private static bool IsVarint(uint tag) => WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint;

    private static bool IsFixed64(uint tag) => WireFormat.GetTagWireType(tag) == WireFormat.WireType.Fixed64;
}
