using System.Diagnostics;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>A stopped <c>Aurora.Startup</c> activity as <see cref="StartupSpanData"/> (console mode; the activity is kept for the console exporter).</summary>
internal static class ActivitySpanData
{
    public static StartupSpanData From(Activity activity)
    {
        var (high, low) = TraceIdentity.ToUInt64s(activity.TraceId);
        var start = activity.StartTimeUtc.Ticks;
        var span = new StartupSpanData
        {
            Name = activity.DisplayName,
            TraceIdHigh = high,
            TraceIdLow = low,
            SpanId = TraceIdentity.ToUInt64(activity.SpanId),
            ParentSpanId = TraceIdentity.ToUInt64(activity.ParentSpanId),
            HasRemoteParent = activity.HasRemoteParent,
            TraceState = activity.TraceStateString,
            StartUtcTicks = start,
            EndUtcTicks = start + activity.Duration.Ticks,
            IsRoot = activity.OperationName == AuroraStartup.RootSpanName,
            Sampled = activity.Recorded,
            Activity = activity,
        };
        foreach (var tag in activity.TagObjects)
        {
            span.Attributes.Add(tag);
        }

        foreach (var activityEvent in activity.Events)
        {
            var tags = new List<KeyValuePair<string, object?>>();
            foreach (var tag in activityEvent.Tags)
            {
                tags.Add(tag);
            }

            span.AddEvent(new StartupSpanEvent(activityEvent.Name, activityEvent.Timestamp.UtcTicks, [.. tags]));
        }

        return span;
    }
}
