using System.Diagnostics;
using Aurora.Instrumentation.OpenTelemetry.Export;
using CsCheck;
using OpenTelemetry.Trace;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Export;

/// <summary>OTEL_TRACES_SAMPLER on the command-line path, checked against the OpenTelemetry SDK's own samplers.</summary>
public sealed class TraceSamplerTests
{
    private static readonly ActivityContext SampledRemoteParent = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
    private static readonly ActivityContext UnsampledRemoteParent = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);

    [Theory]
    [InlineData(null, null, 1.0)]
    [InlineData("always_on", null, 1.0)]
    [InlineData("ALWAYS_OFF", null, 0.0)]
    [InlineData("traceidratio", "0.25", 0.25)]
    [InlineData("parentbased_traceidratio", " 0.5 ", 0.5)]
    [InlineData("traceidratio", null, 1.0)]
    [InlineData("parentbased_always_off", null, 0.0)]
    public void The_variables_name_the_sampler(string? sampler, string? argument, double ratio)
    {
        var warnings = new List<string>();
        var resolved = TraceSampler.Resolve(Env(sampler, argument), warnings);

        Assert.Equal(ratio, resolved.Ratio);
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData("jaeger_remote", null, "OTEL_TRACES_SAMPLER 'jaeger_remote' is not supported here")]
    [InlineData("xray", null, "OTEL_TRACES_SAMPLER 'xray' is not supported here")]
    [InlineData("traceidratio", "1.5", "OTEL_TRACES_SAMPLER_ARG '1.5' is not a ratio between 0 and 1; using 1")]
    [InlineData("traceidratio", "half", "OTEL_TRACES_SAMPLER_ARG 'half' is not a ratio between 0 and 1; using 1")]
    public void Anything_else_is_one_warning_and_keeps_every_trace(string sampler, string? argument, string warning)
    {
        var warnings = new List<string>();
        var resolved = TraceSampler.Resolve(Env(sampler, argument), warnings);

        Assert.StartsWith(warning, Assert.Single(warnings), StringComparison.Ordinal);
        Assert.Equal(1.0, resolved.Ratio);
        Assert.True(resolved.Keeps(default, ActivityTraceId.CreateRandom()));
    }

    [Fact]
    public void Parent_based_samplers_follow_a_remote_parent_and_plain_ones_do_not()
    {
        var parentBasedOff = TraceSampler.Resolve(Env("parentbased_always_off", null), []);
        var plainOff = TraceSampler.Resolve(Env("always_off", null), []);
        var parentBasedOn = TraceSampler.Default;

        Assert.True(parentBasedOff.Keeps(SampledRemoteParent, SampledRemoteParent.TraceId));
        Assert.False(parentBasedOff.Keeps(default, ActivityTraceId.CreateRandom()));
        Assert.False(plainOff.Keeps(SampledRemoteParent, SampledRemoteParent.TraceId));
        Assert.False(parentBasedOn.Keeps(UnsampledRemoteParent, UnsampledRemoteParent.TraceId));
        Assert.True(parentBasedOn.Keeps(default, ActivityTraceId.CreateRandom()));
    }

    [Fact]
    public void The_ratio_decision_is_the_sdks_for_every_trace_id()
        => Gen.Select(Gen.Double[0, 1], Gen.Byte.Array[16]).Sample((ratio, bytes) =>
        {
            var traceId = ActivityTraceId.CreateFromBytes(bytes);
            var ours = TraceSampler.Resolve(Env("traceidratio", ratio.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), []);
            var sdk = new TraceIdRatioBasedSampler(ratio);
            var theirs = sdk.ShouldSample(new SamplingParameters(default, traceId, "startup.config", ActivityKind.Internal)).Decision == SamplingDecision.RecordAndSample;
            return ours.Keeps(default, traceId) == theirs;
        });

    [Fact]
    public void A_trace_built_from_records_gets_the_decision_its_root_activity_would()
        => Gen.Select(Gen.Double[0, 1], Gen.Byte.Array[16], Gen.Bool, Gen.Int[0, 3]).Sample((ratio, bytes, sampledParent, which) =>
        {
            // Records keep the trace id and the remote parent as integers; the decision must not change with the form.
            var traceId = ActivityTraceId.CreateFromBytes(bytes);
            var parent = new ActivityContext(traceId, ActivitySpanId.CreateRandom(), sampledParent ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, isRemote: true);
            var name = new[] { "traceidratio", "parentbased_traceidratio", "always_off", "parentbased_always_off" }[which];
            var sampler = TraceSampler.Resolve(Env(name, ratio.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), []);
            // The plain samplers decide on the trace id whatever the parent says; the parent-based ones follow the parent.
            return sampler.Keeps(Aurora.Instrumentation.Timeline.TraceIdentity.Create(parent)) == sampler.Keeps(parent, traceId);
        });

    [Fact]
    public void A_dropped_span_still_carries_its_data_for_the_metrics()
    {
        var off = TraceSampler.Resolve(Env("always_off", null), []);
        var options = default(ActivityCreationOptions<ActivityContext>);

        Assert.Equal(ActivitySamplingResult.AllData, off.Sample(ref options));
        Assert.Equal(ActivitySamplingResult.AllDataAndRecorded, TraceSampler.Default.Sample(ref options));
    }

    private static Func<string, string?> Env(string? sampler, string? argument)
        => name => name switch
        {
            TraceSampler.SamplerVariable => sampler,
            TraceSampler.ArgumentVariable => argument,
            _ => null,
        };
}
