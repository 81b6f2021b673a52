using System.Diagnostics.Tracing;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>
/// Collects the OpenTelemetry SDK's self-diagnostics events (EventSources named <c>OpenTelemetry*</c>), to see why an
/// export failed. Listeners are process-wide: filter the lines by something unique to the test (e.g. the port).
/// </summary>
public sealed class ExporterEventLog : EventListener
{
    private readonly List<string> _lines = [];

    /// <summary>Every event so far as "source event: payload | payload".</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>
    /// Asserts that some event about <paramref name="receiver"/>'s <paramref name="protocol"/> port contains
    /// <paramref name="expected"/>; the failure lists the events about that port.
    /// </summary>
    public void AssertSaw(OtlpReceiver receiver, ReceiverProtocol protocol, string expected)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var port = $":{(protocol == ReceiverProtocol.Grpc ? receiver.GrpcPort : receiver.HttpPort)}/";
        var lines = Lines.Where(l => l.Contains(port, StringComparison.Ordinal)).ToList();
        Assert.True(lines.Any(l => l.Contains(expected, StringComparison.Ordinal)), $"No exporter event with '{expected}':\n{string.Join('\n', lines)}");
    }

    /// <inheritdoc/>
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name.StartsWith("OpenTelemetry", StringComparison.Ordinal))
        {
            EnableEvents(eventSource, EventLevel.Verbose);
        }
    }

    /// <inheritdoc/>
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var line = $"{eventData.EventSource.Name} {eventData.EventName}: {(eventData.Payload is null ? string.Empty : string.Join(" | ", eventData.Payload))}";
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
