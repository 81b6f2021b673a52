using System.Diagnostics;

namespace Aurora.Instrumentation.Timeline;

/// <summary>
/// One finished startup span as plain data: what an exporter needs (names, W3C ids, UTC times, attributes, events)
/// without an <see cref="System.Diagnostics.Activity"/>. The timeline builds these from its own records when a
/// <see cref="ISpanRecordObserver"/> collects them (the export package's command-line path), and the export package
/// builds them from recorded activities in console mode; serialisation, metrics and the spool read only this.
/// </summary>
internal sealed class StartupSpanData
{
    public required string Name { get; init; }

    public ulong TraceIdHigh { get; init; }

    public ulong TraceIdLow { get; init; }

    public ulong SpanId { get; init; }

    /// <summary>0 for a span without a parent.</summary>
    public ulong ParentSpanId { get; init; }

    public bool HasRemoteParent { get; init; }

    public string? TraceState { get; init; }

    public long StartUtcTicks { get; init; }

    public long EndUtcTicks { get; init; }

    /// <summary>The root <c>aurora.startup</c> span (it carries the command and the total).</summary>
    public bool IsRoot { get; init; }

    /// <summary>Whether the span is exported (the sampler's decision); every span feeds the metrics either way.</summary>
    public bool Sampled { get; set; } = true;

    public List<KeyValuePair<string, object?>> Attributes { get; } = new(12);

    public List<StartupSpanEvent>? Events { get; set; }

    /// <summary>The activity this was built from, in console mode (the SDK's console exporter prints activities).</summary>
    public Activity? Activity { get; init; }

    public TimeSpan Duration => TimeSpan.FromTicks(EndUtcTicks - StartUtcTicks);

    public object? GetAttribute(string key)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Key == key)
            {
                return attribute.Value;
            }
        }

        return null;
    }

    public void AddEvent(StartupSpanEvent spanEvent) => (Events ??= []).Add(spanEvent);
}

/// <summary>An event of a <see cref="StartupSpanData"/> (a budget overrun, an assembly load).</summary>
internal sealed record StartupSpanEvent(string Name, long UtcTicks, KeyValuePair<string, object?>[] Attributes);
