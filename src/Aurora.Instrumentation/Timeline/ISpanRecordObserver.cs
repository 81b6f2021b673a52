namespace Aurora.Instrumentation.Timeline;

/// <summary>
/// Told when a span of a timeline ends, for a collector that builds spans from the timeline's records instead of
/// listening to activities (<see cref="StartupTimelineOptions.SpanObserver"/>). Called on the thread that ended the
/// span, outside the timeline's lock; it must only note that there is something to collect.
/// </summary>
internal interface ISpanRecordObserver
{
    /// <param name="timeline">The timeline whose span ended.</param>
    /// <param name="root">Whether it was the root (the ready milestone, or the end of a run that never got ready).</param>
    void OnSpanEnded(StartupTimeline timeline, bool root);
}
