using Aurora.Instrumentation.OpenTelemetry.Metrics;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// What the export thread or the exit takes from the hand-off at once: the ended spans (each once; only the sampled
/// ones are exported) and the metric measurements derived from all of them.
/// </summary>
internal sealed class SpanBatch
{
    public List<StartupSpanData> Spans { get; } = new(8);

    public List<StartupMeasurement> Measurements { get; } = new(8);

    public bool IsEmpty => Spans.Count == 0 && Measurements.Count == 0;

    /// <summary>The spans the sampler kept (the ones exported or spooled).</summary>
    public List<StartupSpanData> SampledSpans() => Spans.FindAll(static span => span.Sampled);
}
