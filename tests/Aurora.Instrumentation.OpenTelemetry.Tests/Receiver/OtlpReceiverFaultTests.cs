using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>
/// Injected faults, seen through the real OTLP trace exporter. The exporter is driven directly (Export of one batch)
/// so each test sees the exporter's own verdict, and exactly one request per export (the SDK does not retry by default).
/// </summary>
public sealed class OtlpReceiverFaultTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(ReceiverProtocol.Grpc, OtlpReceiverMode.Status503)]
    [InlineData(ReceiverProtocol.Grpc, OtlpReceiverMode.Status429)]
    [InlineData(ReceiverProtocol.HttpProtobuf, OtlpReceiverMode.Status503)]
    [InlineData(ReceiverProtocol.HttpProtobuf, OtlpReceiverMode.Status429)]
    public async Task Error_status_is_an_export_failure_and_nothing_is_counted(ReceiverProtocol protocol, OtlpReceiverMode fault)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.Mode = fault;
        using var exporter = new OtlpTraceExporter(RawOtlpRequests.Options(receiver, protocol, timeoutMilliseconds: 30_000));

        Assert.Equal(ExportResult.Failure, RawOtlpRequests.Export(exporter, "refused"));

        var request = Assert.Single(receiver.Requests);
        Assert.Equal(ReceivedRequestOutcome.Faulted, request.Outcome);
        Assert.Equal(ReceiverSignal.Traces, request.Signal);
        Assert.Empty(receiver.Spans);
        Assert.Equal(0, receiver.AcceptedRequestCount(protocol));

        // The same exporter succeeds once the collector recovers, and only that span counts.
        receiver.Mode = OtlpReceiverMode.Normal;
        Assert.Equal(ExportResult.Success, RawOtlpRequests.Export(exporter, "accepted"));
        Assert.Equal("accepted", Assert.Single(receiver.Spans).Name);
        Assert.Equal(1, receiver.AcceptedRequestCount(protocol));
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc, OtlpReceiverMode.Status503, "StatusCode=\"Unavailable\"")]
    [InlineData(ReceiverProtocol.Grpc, OtlpReceiverMode.Status429, "StatusCode=\"ResourceExhausted\"")]
    [InlineData(ReceiverProtocol.HttpProtobuf, OtlpReceiverMode.Status503, "503 (Service Unavailable)")]
    [InlineData(ReceiverProtocol.HttpProtobuf, OtlpReceiverMode.Status429, "429 (Too Many Requests)")]
    public async Task The_exporter_reads_the_injected_status_itself(ReceiverProtocol protocol, OtlpReceiverMode fault, string expected)
    {
        // Proves the fault is understood as that status (e.g. our trailers-only gRPC answer is parsed), not as garbage.
        using var log = new ExporterEventLog();
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.Mode = fault;
        using var exporter = new OtlpTraceExporter(RawOtlpRequests.Options(receiver, protocol, timeoutMilliseconds: 30_000));

        Assert.Equal(ExportResult.Failure, RawOtlpRequests.Export(exporter, "refused"));

        log.AssertSaw(receiver, protocol, expected);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Error_status_fails_the_batch_the_tracer_provider_flushes(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.Mode = OtlpReceiverMode.Status503;
        var sourceName = $"Receiver.Tests.{Guid.NewGuid():N}";
        using var source = new ActivitySource(sourceName);
        using (var tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .AddOtlpExporter(o => receiver.ApplyTo(o, protocol))
            .Build())
        {
            source.StartActivity("lost")?.Dispose();

            // ForceFlush only says the batch was handed to the exporter: it returns true although the export failed.
            Assert.True(tracer.ForceFlush(30_000));
            await receiver.WaitForRequestsAsync(1);
        }

        Assert.All(receiver.Requests, r => Assert.Equal(ReceivedRequestOutcome.Faulted, r.Outcome));
        Assert.Empty(receiver.Spans);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Hang_makes_the_export_time_out_and_keeps_nothing(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        // Short enough to keep the test quick, long enough that on a loaded machine the request surely reaches the
        // receiver before the exporter gives up (the warm-up below also takes the connect out of the picture).
        using var exporter = new OtlpTraceExporter(RawOtlpRequests.Options(receiver, protocol, timeoutMilliseconds: 5_000));

        // Warm the connection first so the timed-out request is surely the hung one, not a slow connect.
        Assert.Equal(ExportResult.Success, RawOtlpRequests.Export(exporter, "warm-up"));
        receiver.Mode = OtlpReceiverMode.Hang;

        var result = await Task.Run(() => RawOtlpRequests.Export(exporter, "held")).WaitAsync(Guard);

        Assert.Equal(ExportResult.Failure, result);
        await receiver.WaitForRequestsAsync(r => r.Any(x => x.Outcome == ReceivedRequestOutcome.Hung));
        Assert.Equal("warm-up", Assert.Single(receiver.Spans).Name);
        Assert.Equal(1, receiver.AcceptedRequestCount(protocol));
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Disposing_the_receiver_releases_a_hung_export(ReceiverProtocol protocol)
    {
        var receiver = await OtlpReceiver.CreateAsync();
        receiver.Mode = OtlpReceiverMode.Hang;

        // An exporter timeout far beyond the guard: only the receiver's release can end this export in time.
        using var exporter = new OtlpTraceExporter(RawOtlpRequests.Options(receiver, protocol, timeoutMilliseconds: 600_000));
        var export = Task.Run(() => RawOtlpRequests.Export(exporter, "held"));
        await receiver.WaitForRequestsAsync(r => r.Any(x => x.Outcome == ReceivedRequestOutcome.Hung), Guard);

        await receiver.DisposeAsync().AsTask().WaitAsync(Guard);

        Assert.Equal(ExportResult.Failure, await export.WaitAsync(Guard));
        Assert.Empty(receiver.Spans);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Leaving_hang_mode_aborts_held_requests_and_later_exports_succeed(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        receiver.Mode = OtlpReceiverMode.Hang;
        using var exporter = new OtlpTraceExporter(RawOtlpRequests.Options(receiver, protocol, timeoutMilliseconds: 600_000));
        var held = Task.Run(() => RawOtlpRequests.Export(exporter, "held"));
        await receiver.WaitForRequestsAsync(r => r.Any(x => x.Outcome == ReceivedRequestOutcome.Hung), Guard);

        receiver.Mode = OtlpReceiverMode.Normal;

        Assert.Equal(ExportResult.Failure, await held.WaitAsync(Guard));
        Assert.Equal(ExportResult.Success, await Task.Run(() => RawOtlpRequests.Export(exporter, "after")).WaitAsync(Guard));
        Assert.Equal("after", Assert.Single(receiver.Spans).Name);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Stop_refuses_and_start_listens_again_on_the_same_ports(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        var (grpcPort, httpPort) = (receiver.GrpcPort, receiver.HttpPort);
        using var exporter = new OtlpTraceExporter(RawOtlpRequests.Options(receiver, protocol, timeoutMilliseconds: 30_000));
        Assert.Equal(ExportResult.Success, RawOtlpRequests.Export(exporter, "before"));

        await receiver.StopAsync();
        Assert.False(receiver.IsRunning);
        Assert.Equal(ExportResult.Failure, await Task.Run(() => RawOtlpRequests.Export(exporter, "while-down")).WaitAsync(Guard));

        await receiver.StartAsync();
        Assert.Equal((grpcPort, httpPort), (receiver.GrpcPort, receiver.HttpPort));
        Assert.Equal(ExportResult.Success, await Task.Run(() => RawOtlpRequests.Export(exporter, "after")).WaitAsync(Guard));

        // Nothing lost that was acknowledged, nothing duplicated, nothing from the outage.
        Assert.Equal(["before", "after"], receiver.Spans.Select(s => s.Name));
        Assert.Equal(2, receiver.Spans.Select(s => s.SpanId).Distinct().Count());
        Assert.All(receiver.Requests, r => Assert.Equal(ReceivedRequestOutcome.Accepted, r.Outcome));
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task Hang_chosen_while_stopped_holds_the_first_request_after_restart(ReceiverProtocol protocol)
    {
        await using var receiver = await OtlpReceiver.CreateAsync();
        await receiver.StopAsync();
        receiver.Mode = OtlpReceiverMode.Hang;
        await receiver.StartAsync();
        using var exporter = new OtlpTraceExporter(RawOtlpRequests.Options(receiver, protocol, timeoutMilliseconds: 600_000));

        var held = Task.Run(() => RawOtlpRequests.Export(exporter, "held"));
        await receiver.WaitForRequestsAsync(r => r.Any(x => x.Outcome == ReceivedRequestOutcome.Hung), Guard);
        await receiver.StopAsync().WaitAsync(Guard);

        Assert.Equal(ExportResult.Failure, await held.WaitAsync(Guard));
        Assert.Empty(receiver.Spans);
        Assert.Equal(OtlpReceiverMode.Hang, receiver.Mode);
    }

    [Theory]
    [InlineData(ReceiverProtocol.Grpc)]
    [InlineData(ReceiverProtocol.HttpProtobuf)]
    public async Task A_closed_port_refuses_the_export(ReceiverProtocol protocol)
    {
        var port = OtlpReceiver.ReserveClosedPort();
        var options = new OtlpExporterOptions
        {
            Protocol = protocol == ReceiverProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf,
            Endpoint = new Uri(protocol == ReceiverProtocol.Grpc ? $"http://127.0.0.1:{port}" : $"http://127.0.0.1:{port}/v1/traces"),
            TimeoutMilliseconds = 30_000,
        };
        using var exporter = new OtlpTraceExporter(options);

        Assert.Equal(ExportResult.Failure, await Task.Run(() => RawOtlpRequests.Export(exporter, "refused")).WaitAsync(Guard));
    }
}
