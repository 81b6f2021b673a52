using System.Diagnostics;
using System.Globalization;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// <c>OTEL_TRACES_SAMPLER</c> / <c>OTEL_TRACES_SAMPLER_ARG</c> for the command-line path, with the SDK's semantics:
/// <c>always_on</c>, <c>always_off</c>, <c>traceidratio</c> and their <c>parentbased_</c> forms (default
/// <c>parentbased_always_on</c>). A span the sampler drops is still created with all its data, not recorded: the
/// metrics are derived from every span, so sampling thins the traces, never the startup metrics; only recorded spans
/// are exported or spooled. The ratio decision is the SDK's (the trace id's first 8 bytes, sign bit cleared, against
/// ratio·<see cref="long.MaxValue"/>), so a trace is kept or dropped whole and agrees with other services' SDKs.
/// </summary>
internal sealed class TraceSampler
{
    public const string SamplerVariable = "OTEL_TRACES_SAMPLER";
    public const string ArgumentVariable = "OTEL_TRACES_SAMPLER_ARG";

    private readonly Kind _root;
    private readonly bool _parentBased;
    private readonly long _idUpperBound;

    private TraceSampler(Kind root, bool parentBased, double ratio)
    {
        _root = root;
        _parentBased = parentBased;
        Ratio = ratio;
        _idUpperBound = ratio <= 0 ? long.MinValue : ratio >= 1 ? long.MaxValue : (long)(ratio * long.MaxValue);
    }

    private enum Kind
    {
        AlwaysOn,
        AlwaysOff,
        TraceIdRatio,
    }

    /// <summary>The default: parent-based, always on.</summary>
    public static TraceSampler Default { get; } = new(Kind.AlwaysOn, parentBased: true, ratio: 1);

    /// <summary>The ratio of root traces kept (1 for <c>always_on</c>, 0 for <c>always_off</c>).</summary>
    public double Ratio { get; }

    /// <summary>The sampler the variables name; anything unknown or malformed is one warning and the default behaviour.</summary>
    public static TraceSampler Resolve(Func<string, string?> env, List<string> warnings)
    {
        var name = env(SamplerVariable)?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return Default;
        }

        var parentBased = name.StartsWith("parentbased_", StringComparison.OrdinalIgnoreCase);
        var rootName = parentBased ? name["parentbased_".Length..] : name;
        if (rootName.Equals("always_on", StringComparison.OrdinalIgnoreCase))
        {
            return parentBased ? Default : new TraceSampler(Kind.AlwaysOn, parentBased: false, ratio: 1);
        }

        if (rootName.Equals("always_off", StringComparison.OrdinalIgnoreCase))
        {
            return new TraceSampler(Kind.AlwaysOff, parentBased, ratio: 0);
        }

        if (rootName.Equals("traceidratio", StringComparison.OrdinalIgnoreCase))
        {
            return new TraceSampler(Kind.TraceIdRatio, parentBased, ParseRatio(env(ArgumentVariable), warnings));
        }

        warnings.Add($"{SamplerVariable} {ValueExcerpt.Quoted(name)} is not supported here (always_on, always_off, traceidratio and their parentbased_ forms are); using parentbased_always_on");
        return Default;
    }

    /// <summary>The listener's decision: all data either way; recorded only when the sampler keeps the span.</summary>
    public ActivitySamplingResult Sample(ref ActivityCreationOptions<ActivityContext> options)
    {
        // Reading options.TraceId makes a root's trace id now; only the ratio needs it, and only without a parent to follow.
        var traceId = _root == Kind.TraceIdRatio && !(_parentBased && options.Parent != default) ? options.TraceId : default;
        return Keeps(options.Parent, traceId) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.AllData;
    }

    /// <summary>Whether a span with this parent (default: none) in this trace is kept.</summary>
    public bool Keeps(ActivityContext parent, ActivityTraceId traceId)
        => Decide(parent != default, (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0, traceId == default ? 0 : LowerLong(traceId));

    /// <summary>
    /// The decision for a trace built from a timeline's records, made once for the whole trace as the SDK makes it for
    /// its root (the phases follow their root under the parent-based samplers, and a ratio decides on the same trace id).
    /// </summary>
    public bool Keeps(Aurora.Instrumentation.Timeline.TraceIdentity trace)
        => Decide(trace.HasRemoteParent, trace.ParentSampled, (long)(trace.TraceIdHigh & long.MaxValue));

    /// <param name="hasParent">Whether the trace (or span) continues a parent's.</param>
    /// <param name="parentSampled">The parent's sampled flag.</param>
    /// <param name="idBits">The first 8 bytes of the trace id, big-endian, sign bit cleared (the SDK's ratio input).</param>
    private bool Decide(bool hasParent, bool parentSampled, long idBits)
    {
        if (_parentBased && hasParent)
        {
            return parentSampled;
        }

        return _root switch
        {
            Kind.AlwaysOn => true,
            Kind.AlwaysOff => false,
            _ => idBits < _idUpperBound,
        };
    }

    private static long LowerLong(ActivityTraceId traceId)
    {
        Span<byte> bytes = stackalloc byte[16];
        traceId.CopyTo(bytes);
        long value = 0;
        for (var i = 0; i < 8; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return value & long.MaxValue;
    }

    private static double ParseRatio(string? text, List<string> warnings)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 1;
        }

        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1)
        {
            return ratio;
        }

        warnings.Add($"{ArgumentVariable} {ValueExcerpt.Quoted(text.Trim())} is not a ratio between 0 and 1; using 1");
        return 1;
    }
}
