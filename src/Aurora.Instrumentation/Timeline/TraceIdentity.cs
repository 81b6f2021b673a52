using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;

namespace Aurora.Instrumentation.Timeline;

/// <summary>
/// The W3C identity of a timeline's trace when its spans are built from records: the trace id, the root's span id and
/// the remote parent (TRACEPARENT or <see cref="StartupTimelineOptions.Parent"/>), held as integers. Random ids come
/// from <see cref="SpanIds"/>, not <see cref="ActivityTraceId.CreateRandom"/>: the first use of the latter costs
/// 3–6 ms (the DiagnosticSource assembly and its generator), which is what building spans from records avoids.
/// </summary>
internal sealed class TraceIdentity
{
    private TraceIdentity(ulong high, ulong low, ulong rootSpanId, ulong parentSpanId, bool parentSampled, string? traceState)
    {
        TraceIdHigh = high;
        TraceIdLow = low;
        RootSpanId = rootSpanId;
        ParentSpanId = parentSpanId;
        ParentSampled = parentSampled;
        TraceState = traceState;
    }

    public ulong TraceIdHigh { get; }

    public ulong TraceIdLow { get; }

    public ulong RootSpanId { get; }

    /// <summary>The remote parent's span id; 0 when the trace starts here.</summary>
    public ulong ParentSpanId { get; }

    public bool HasRemoteParent => ParentSpanId != 0;

    /// <summary>The remote parent's sampled flag (meaningful only with a parent).</summary>
    public bool ParentSampled { get; }

    public string? TraceState { get; }

    public string TraceIdHex => TraceIdHigh.ToString("x16", CultureInfo.InvariantCulture) + TraceIdLow.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>A new trace, or a child of <paramref name="parent"/>.</summary>
    public static TraceIdentity Create(ActivityContext? parent)
    {
        if (parent is { } remote && remote.TraceId != default)
        {
            return FromParent(remote);
        }

        return new TraceIdentity(SpanIds.Next(), SpanIds.Next(), SpanIds.Next(), 0, parentSampled: false, traceState: null);
    }

    /// <summary>The identity of an existing root activity started under <paramref name="parent"/> (when the timeline also emits activities, the ids agree).</summary>
    public static TraceIdentity FromActivity(Activity root, ActivityContext? parent)
    {
        var (high, low) = ToUInt64s(root.TraceId);
        var parentSampled = parent is { } remote && (remote.TraceFlags & ActivityTraceFlags.Recorded) != 0;
        return new TraceIdentity(high, low, ToUInt64(root.SpanId), ToUInt64(root.ParentSpanId), parentSampled, root.TraceStateString);
    }

    /// <summary>A trace id as two big-endian halves (the first 8 bytes are the high half, as on the wire).</summary>
    public static (ulong High, ulong Low) ToUInt64s(ActivityTraceId traceId)
    {
        Span<byte> bytes = stackalloc byte[16];
        traceId.CopyTo(bytes);
        return (BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    public static ulong ToUInt64(ActivitySpanId spanId)
    {
        Span<byte> bytes = stackalloc byte[8];
        spanId.CopyTo(bytes);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }

    private static TraceIdentity FromParent(ActivityContext parent)
    {
        var (high, low) = ToUInt64s(parent.TraceId);
        var sampled = (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0;
        return new TraceIdentity(high, low, SpanIds.Next(), ToUInt64(parent.SpanId), sampled, parent.TraceState);
    }
}
