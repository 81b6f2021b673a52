using System.Diagnostics;
using Aurora.Instrumentation.OpenTelemetry.Export;
using Aurora.Instrumentation.OpenTelemetry.Protocol;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Protocol;

/// <summary>The export's own OTLP encoding (live and spool), decoded by the receiver's independent protobuf decoder.</summary>
public sealed class OtlpTraceSerializerTests
{
    [Fact]
    public void Activities_round_trip_with_ids_times_attributes_events_and_resource()
    {
        using var source = new ActivitySource("Aurora.Serializer.Test." + Guid.NewGuid().ToString("N"), "1.2.3");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var start = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

        var root = source.StartActivity("aurora.startup", ActivityKind.Internal, default(ActivityContext), startTime: start)!;
        root.TraceStateString = "vendor=1";
        root.SetTag("aurora.command", "soar");
        root.SetTag("process.pid", 4242);
        root.SetTag("aurora.startup.completed", true);
        root.SetTag("aurora.instrumentation.overhead_ms", 1.25);
        root.SetTag("big", long.MaxValue);
        root.SetTag("negative", -3);
        root.SetTag("empty", string.Empty);
        var child = source.StartActivity("startup.config", ActivityKind.Internal, root.Context, startTime: start.AddMilliseconds(5))!;
        child.AddEvent(new ActivityEvent("aurora.budget.overrun", start.AddMilliseconds(7), new ActivityTagsCollection { ["aurora.actual.ms"] = 12.5, ["aurora.budget.level"] = "warn" }));
        child.SetEndTime(start.AddMilliseconds(17).UtcDateTime);
        child.Stop();
        root.SetEndTime(start.AddMilliseconds(20).UtcDateTime);
        root.Stop();

        var bytes = OtlpTraceSerializer.Serialize([new("service.name", "aur"), new("deployment.environment", "ci")], [ActivitySpanData.From(child), ActivitySpanData.From(root)]);
        var spans = OtlpProtobufDecoder.DecodeTraces(bytes, ReceiverProtocol.HttpProtobuf);

        Assert.Equal(2, spans.Count);
        var decodedRoot = Assert.Single(spans, s => s.Name == "aurora.startup");
        var decodedChild = Assert.Single(spans, s => s.Name == "startup.config");
        Assert.Equal(root.TraceId.ToHexString(), decodedRoot.TraceId);
        Assert.Equal(root.SpanId.ToHexString(), decodedRoot.SpanId);
        Assert.Null(decodedRoot.ParentSpanId);
        Assert.Equal(root.SpanId.ToHexString(), decodedChild.ParentSpanId);
        Assert.Equal(child.SpanId.ToHexString(), decodedChild.SpanId);
        Assert.Equal(ReceivedSpanKind.Internal, decodedRoot.Kind);
        Assert.Equal(start, decodedRoot.StartTime);
        Assert.Equal(start.AddMilliseconds(20), decodedRoot.EndTime);
        Assert.Equal(start.AddMilliseconds(5), decodedChild.StartTime);
        Assert.Equal(start.AddMilliseconds(17), decodedChild.EndTime);
        Assert.Equal("vendor=1", decodedRoot.TraceState);
        Assert.Equal("soar", decodedRoot.Attribute("aurora.command"));
        Assert.Equal(4242L, decodedRoot.Attribute("process.pid"));
        Assert.Equal(true, decodedRoot.Attribute("aurora.startup.completed"));
        Assert.Equal(1.25, decodedRoot.Attribute("aurora.instrumentation.overhead_ms"));
        Assert.Equal(long.MaxValue, decodedRoot.Attribute("big"));
        Assert.Equal(-3L, decodedRoot.Attribute("negative"));
        Assert.Equal(string.Empty, decodedRoot.Attribute("empty"));
        var overrun = Assert.Single(decodedChild.Events);
        Assert.Equal("aurora.budget.overrun", overrun.Name);
        Assert.Equal(12.5, overrun.Attributes["aurora.actual.ms"]);
        Assert.Equal("warn", overrun.Attributes["aurora.budget.level"]);
        Assert.Equal(0, decodedRoot.StatusCode);
        Assert.Equal(0, decodedChild.StatusCode);
        Assert.Equal("Aurora.Startup", decodedRoot.ScopeName);
        Assert.Equal(typeof(StartupTimeline).Assembly.GetName().Version!.ToString(3), decodedRoot.ScopeVersion);
        Assert.Equal("aur", decodedRoot.ResourceAttributes["service.name"]);
        Assert.Equal("ci", decodedChild.ResourceAttributes["deployment.environment"]);
    }

    [Fact]
    public void Spans_built_from_a_timelines_records_round_trip_as_a_tree()
    {
        var start = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(start.AddMilliseconds(40));
        var handoff = new TelemetryHandoff(TraceSampler.Default);
        var options = new StartupTimelineOptions
        {
            TimeProvider = clock,
            ProcessStartTime = start,
            EmitTelemetry = false,
            SpanObserver = handoff,
            MessageSink = new StandardErrorMessageSink(TextWriter.Null),
            Budgets = new BudgetSet().Add("*", "config", new Budget(TimeSpan.FromMilliseconds(1))),
            GetEnvironmentVariable = _ => null,
        };
        using var timeline = StartupTimeline.Start("soar", options);
        handoff.Attach(timeline);
        using (timeline.BeginPhase("config"))
        {
            clock.Advance(TimeSpan.FromMilliseconds(3));
            using (timeline.BeginPhase("store_init"))
            {
                clock.Advance(TimeSpan.FromMilliseconds(2));
            }
        }

        timeline.MarkReady();
        List<StartupSpanData> spans;
        lock (handoff.Gate)
        {
            spans = handoff.TakeSpansUnderLock()!.Spans;
        }

        var decoded = OtlpProtobufDecoder.DecodeTraces(OtlpTraceSerializer.Serialize([new("service.name", "aur")], spans), ReceiverProtocol.HttpProtobuf);

        Assert.Equal(["aurora.startup", "startup.config", "startup.runtime", "startup.store_init"], decoded.Select(d => d.Name).Order());
        var root = decoded.Single(d => d.Name == "aurora.startup");
        var config = decoded.Single(d => d.Name == "startup.config");
        var store = decoded.Single(d => d.Name == "startup.store_init");
        Assert.Equal(timeline.CreateReport().TraceId, root.TraceId);
        Assert.All(decoded, d => Assert.Equal(root.TraceId, d.TraceId));
        Assert.Null(root.ParentSpanId);
        Assert.Equal(root.SpanId, config.ParentSpanId);
        Assert.Equal(config.SpanId, store.ParentSpanId);
        Assert.Equal(start, root.StartTime);
        Assert.Equal(start.AddMilliseconds(45), root.EndTime);
        Assert.Equal(start.AddMilliseconds(40), config.StartTime);
        Assert.Equal(start.AddMilliseconds(45), config.EndTime);
        Assert.Equal("soar", root.Attribute("aurora.command"));
        Assert.Equal(true, root.Attribute("aurora.startup.completed"));
        Assert.Equal("config", config.Attribute("aurora.phase"));
        Assert.Equal(true, config.Attribute("aurora.budget.exceeded"));
        Assert.Equal("aurora.budget.overrun", Assert.Single(config.Events).Name);
        Assert.Equal(ReceivedSpanKind.Internal, store.Kind);
        Assert.Equal("Aurora.Startup", store.ScopeName);
    }

    [Fact]
    public void Large_batches_with_long_strings_round_trip()
    {
        using var source = new ActivitySource("Aurora.Serializer.Large." + Guid.NewGuid().ToString("N"));
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var spans = new List<StartupSpanData>();
        for (var i = 0; i < 300; i++)
        {
            var span = source.StartActivity("startup.phase_" + i)!;
            span.SetTag("aurora.phase", new string('x', i * 7));
            span.Stop();
            spans.Add(ActivitySpanData.From(span));
        }

        var decoded = OtlpProtobufDecoder.DecodeTraces(OtlpTraceSerializer.Serialize([new("service.name", "aur")], spans), ReceiverProtocol.Grpc);

        Assert.Equal(300, decoded.Count);
        Assert.All(decoded, d => Assert.Equal(new string('x', int.Parse(d.Name["startup.phase_".Length..]) * 7), d.Attributes.GetValueOrDefault("aurora.phase") ?? string.Empty));
    }

    [Fact]
    public void The_resource_names_this_package_as_the_sdk_that_encoded_the_data()
    {
        var resource = FallbackResource.Create(_ => null).ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("aurora.instrumentation", resource["telemetry.sdk.name"]);
        Assert.Equal("dotnet", resource["telemetry.sdk.language"]);
        Assert.Equal(Aurora.Instrumentation.Telemetry.LibraryVersion.Value, resource["telemetry.sdk.version"]);
    }

    [Fact]
    public void Service_version_comes_from_the_entry_assembly_unless_the_resource_variable_sets_it()
    {
        var entry = System.Reflection.Assembly.GetEntryAssembly()!;
        var informational = System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(entry)?.InformationalVersion;
        var fromEntry = FallbackResource.Create(_ => null).Single(p => p.Key == "service.version").Value as string;
        Assert.False(string.IsNullOrEmpty(fromEntry));
        Assert.DoesNotContain("+", fromEntry, StringComparison.Ordinal);
        if (informational is not null)
        {
            Assert.StartsWith(fromEntry, informational, StringComparison.Ordinal);
        }

        var env = new Dictionary<string, string?> { ["OTEL_RESOURCE_ATTRIBUTES"] = "service.version=9.9.9" };
        Assert.Equal("9.9.9", Assert.Single(FallbackResource.Create(k => env.GetValueOrDefault(k)), p => p.Key == "service.version").Value);
    }

    [Fact]
    public void Fallback_resource_reads_service_name_and_resource_attributes()
    {
        var env = new Dictionary<string, string?>
        {
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.name=from-attrs,deployment.environment=ci%20runner,broken",
            ["OTEL_SERVICE_NAME"] = "aur",
        };
        var resource = FallbackResource.Create(k => env.GetValueOrDefault(k)).ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("aur", resource["service.name"]);
        Assert.Equal("ci runner", resource["deployment.environment"]);
        Assert.Equal("dotnet", resource["telemetry.sdk.language"]);
        Assert.StartsWith("unknown_service:", (string)FallbackResource.Create(_ => null).Single(p => p.Key == "service.name").Value!);
    }
}
