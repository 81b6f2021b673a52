using Aurora.Instrumentation.OpenTelemetry.Delivery;
using Aurora.Instrumentation.OpenTelemetry.Metrics;
using Aurora.Instrumentation.OpenTelemetry.Otlp;
using Aurora.Instrumentation.OpenTelemetry.Protocol;
using Aurora.Instrumentation.OpenTelemetry.Spool;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;
using Aurora.Instrumentation.Telemetry;
using Aurora.Instrumentation.Timeline;
using Microsoft.Extensions.Time.Testing;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Delivery;

/// <summary>
/// A destination's spool folder for in-process delivery tests: the environment that points at a receiver, the folder
/// its key names, spooled runs written the way a run writes them (one traces file, one measurements file), on a fake
/// clock that orders the files.
/// </summary>
internal sealed class DeliveryFolder : IDisposable
{
    private readonly string _root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aurora-delivery-" + Guid.NewGuid().ToString("N")[..12]);
    private ulong _nextId = 0x1000;

    public DeliveryFolder(OtlpReceiver receiver, ReceiverProtocol protocol = ReceiverProtocol.HttpProtobuf, Dictionary<string, string>? extra = null)
    {
        Environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.EndpointFor(protocol).GetLeftPart(UriPartial.Authority),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol == ReceiverProtocol.Grpc ? "grpc" : "http/protobuf",
            ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "5000",
            ["OTEL_SERVICE_NAME"] = "aurora-delivery-test",
        };
        foreach (var (name, value) in extra ?? [])
        {
            Environment[name] = value;
        }

        Destination = OtlpDestination.Resolve(Env, []);
        Path = SpoolDirectory.PathFor(_root, Destination.Key);
        Spool = new SpoolDirectory(Path, Time);
    }

    public Dictionary<string, string> Environment { get; }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds())); // whole milliseconds, as the state files keep them

    public OtlpDestination Destination { get; }

    public string Path { get; }

    public SpoolDirectory Spool { get; }

    public Func<string, string?> Env => name => Environment.GetValueOrDefault(name);

    public SpoolDelivery Delivery(Action<string>? tellNow) => new(Spool, Destination, Env, Time, tellNow);

    /// <summary>Spools a run's traces (its root and one phase span, the root named <paramref name="rootName"/>); returns the span ids.</summary>
    public List<string> WriteTraces(string rootName = AuroraStartup.RootSpanName)
    {
        var start = Time.GetUtcNow().UtcTicks;
        var trace = _nextId++;
        var root = new StartupSpanData { Name = rootName, TraceIdHigh = 0xA0A0, TraceIdLow = trace, SpanId = _nextId++, StartUtcTicks = start, EndUtcTicks = start + TimeSpan.TicksPerMillisecond * 40, IsRoot = true };
        var phase = new StartupSpanData { Name = "startup.config", TraceIdHigh = 0xA0A0, TraceIdLow = trace, SpanId = _nextId++, ParentSpanId = root.SpanId, StartUtcTicks = start, EndUtcTicks = start + TimeSpan.TicksPerMillisecond * 10 };
        Assert.NotNull(Spool.TryWrite(SpoolFileFormat.TracesKind, OtlpTraceSerializer.SerializeScopeSpans([phase, root]), out _));
        Time.Advance(TimeSpan.FromSeconds(1));
        return [.. new[] { root, phase }.Select(s => s.SpanId.ToString("x16", System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>Spools a run's measurements: its duration (<paramref name="seconds"/>) for <paramref name="command"/>.</summary>
    public string WriteMeasurements(string command = "soar", double seconds = 0.25)
    {
        var end = OtlpTraceSerializer.ToUnixNanoseconds(Time.GetUtcNow().UtcTicks);
        var start = end - (ulong)(seconds * 1e9);
        var measurement = new StartupMeasurement(StartupInstrument.Duration, seconds, start, end, [new(StartupAttributes.Command, command), new(StartupAttributes.Completed, true)]);
        var file = Spool.TryWrite(SpoolFileFormat.MeasurementsKind, MeasurementCodec.Encode([measurement]), out _);
        Assert.NotNull(file);
        Time.Advance(TimeSpan.FromSeconds(1));
        return file;
    }

    /// <summary>Spool files in the folder (ready or claimed), oldest first.</summary>
    public List<string> SpoolFiles()
        => Directory.Exists(Path) ? [.. Directory.GetFiles(Path).Where(f => SpoolFileName.TryParse(System.IO.Path.GetFileName(f), out _)).Order(StringComparer.Ordinal)] : [];

    public List<string> Rejected()
    {
        var folder = System.IO.Path.Combine(Path, SpoolDirectory.RejectedFolder);
        return Directory.Exists(folder) ? [.. Directory.GetFiles(folder)] : [];
    }

    /// <summary>The installation's cumulative state as last kept, or <c>null</c>.</summary>
    public MetricsState? State()
    {
        var bytes = SpoolDirectory.TryReadSmallFile(Spool.StateFile(MetricsState.FileName), 1 << 20);
        return bytes is not null && SpoolFileFormat.TryDecode(bytes, out var kind, out var payload, out _) && kind == SpoolFileFormat.StateKind
            ? MetricsState.TryDecode(payload.Span)
            : null;
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
