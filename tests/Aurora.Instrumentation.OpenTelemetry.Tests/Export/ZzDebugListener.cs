using System.Diagnostics.Tracing;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Export;

public sealed class ZzDebugTests
{
    [Fact]
    public async Task Debug()
    {
        using var l = new L();
        var t = new InProcessTelemetryTests();
        await t.Otlp_exports_the_timeline_through_the_background_pipeline();
    }

    private sealed class L : EventListener
    {
        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name.StartsWith("Aurora", StringComparison.Ordinal) || eventSource.Name.StartsWith("OpenTelemetry", StringComparison.Ordinal))
            {
                EnableEvents(eventSource, EventLevel.Verbose);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
            => Console.WriteLine($"EVT {e.EventSource.Name} {e.EventName}: {string.Join(" | ", e.Payload ?? [])}");
    }
}
