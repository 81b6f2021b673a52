using CsCheck;
using Aurora.Instrumentation.OpenTelemetry.Export;
using Aurora.Instrumentation.OpenTelemetry.Metrics;
using Aurora.Instrumentation.Telemetry;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Metrics;

/// <summary>The measurements a run spools, derived from its spans by the one rule, and their payload.</summary>
public sealed class MeasurementCodecTests
{
    [Fact]
    public void A_runs_spans_give_the_contract_measurements_with_their_times()
    {
        var start = new DateTime(2026, 12, 4, 10, 0, 0, DateTimeKind.Utc).Ticks;
        var root = new StartupSpanData { Name = AuroraStartup.RootSpanName, IsRoot = true, StartUtcTicks = start, EndUtcTicks = start + TimeSpan.TicksPerMillisecond * 300 };
        root.Attributes.Add(new(StartupAttributes.Completed, true));
        var phase = new StartupSpanData { Name = "startup.model_load", StartUtcTicks = start, EndUtcTicks = start + TimeSpan.TicksPerMillisecond * 120 };
        phase.Attributes.Add(new(StartupAttributes.Phase, "model_load"));
        phase.Attributes.Add(new(StartupAttributes.LazyWaitMs, 4.0));
        phase.AddEvent(new StartupSpanEvent(StartupAttributes.BudgetOverrunEvent, start + 5, [new(StartupAttributes.Phase, "model_load"), new(StartupAttributes.BudgetLevel, "error")]));
        var measurements = new List<StartupMeasurement>();

        StartupMeasurements.Add(measurements, root, "soar", start);
        StartupMeasurements.Add(measurements, phase, "soar", start);

        Assert.Equal([StartupInstrument.Duration, StartupInstrument.PhaseDuration, StartupInstrument.LazyWait, StartupInstrument.BudgetOverruns], measurements.Select(m => m.Instrument));
        Assert.Equal(0.3, measurements[0].Value, 9);
        Assert.Equal(0.004, measurements[2].Value, 9);
        Assert.All(measurements, m => Assert.Equal(Aurora.Instrumentation.OpenTelemetry.Protocol.OtlpTraceSerializer.ToUnixNanoseconds(start), m.StartUnixNano));
        Assert.Equal(["aurora.command=soar", "aurora.phase=model_load", "aurora.budget.level=error"], measurements[3].Attributes.Select(a => $"{a.Key}={a.Value}"));
        Assert.Equal(true, measurements[0].Attributes.Single(a => a.Key == "aurora.startup.completed").Value);

        Assert.True(MeasurementCodec.TryDecode(MeasurementCodec.Encode(measurements), out var decoded));
        Assert.Equal(measurements.Select(Describe), decoded.Select(Describe));
    }

    [Fact]
    public void Malformed_payloads_are_refused_and_never_throw()
    {
        var payload = MeasurementCodec.Encode([new(StartupInstrument.Duration, 0.5, 1, 2, [new("aurora.command", "x")])]);
        Assert.False(MeasurementCodec.TryDecode(payload.AsSpan(0, payload.Length - 1), out _));
        Assert.False(MeasurementCodec.TryDecode(MeasurementCodec.Encode([new((StartupInstrument)9, 0.5, 1, 2, [])]), out _));
        Assert.False(MeasurementCodec.TryDecode(MeasurementCodec.Encode([new(StartupInstrument.Duration, double.NaN, 1, 2, [])]), out _));
        Gen.Byte.Array.Sample(garbage => { _ = MeasurementCodec.TryDecode(garbage, out _); });
    }

    [Fact]
    public void A_batch_taken_from_the_hand_off_keeps_unsampled_spans_for_the_metrics()
    {
        var batch = new SpanBatch();
        batch.Spans.Add(new StartupSpanData { Name = "a", Sampled = false });
        batch.Spans.Add(new StartupSpanData { Name = "b" });

        Assert.Equal(["b"], batch.SampledSpans().Select(s => s.Name));
        Assert.False(batch.IsEmpty);
    }

    private static string Describe(StartupMeasurement m)
        => $"{m.Instrument} {m.Value} {m.StartUnixNano} {m.TimeUnixNano} {string.Join(',', m.Attributes.Select(a => $"{a.Key}={a.Value}"))}";
}
