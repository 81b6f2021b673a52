using Aurora.Instrumentation.OpenTelemetry.Diagnostics;
using Aurora.Instrumentation.OpenTelemetry.Metrics;
using Aurora.Instrumentation.OpenTelemetry.Platform;
using Aurora.Instrumentation.OpenTelemetry.Protocol;
using Aurora.Instrumentation.OpenTelemetry.Spool;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// Prepares the exit path while the app starts. A command that ends soon after ready persists its spans at exit
/// (name the destination's folder, serialise the spans, encode the measurements, write two spool files, start the
/// sender) on the app's own
/// thread; under the JIT the first run of that code costs milliseconds of compilation and type loading right when the
/// app wants to be gone. The export thread, started early for this, runs the same code once on a synthetic span and
/// writes nothing, so the exit finds it ready. Under Native AOT there is nothing to compile and it does not run.
/// </summary>
internal static class ExitPathWarmup
{
    /// <summary>Under the JIT (Native AOT has nothing to compile, and its first uses are cheap).</summary>
    /// <remarks>Not RuntimeFeature.IsDynamicCodeCompiled: a PublishAot=true project switches it off under the JIT too.</remarks>
    public static bool IsUseful => System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false) > 0;

    /// <summary>Runs the exit path once on a synthetic span, on the export thread before ready; writes nothing.</summary>
    internal static void Run(Func<string, string?> env)
    {
        try
        {
            // In the order the exit needs them: a short command reaches its exit while this thread is still running.
            var now = DateTime.UtcNow.Ticks;
            var span = new StartupSpanData { Name = AuroraStartup.RootSpanName, SpanId = 1, StartUtcTicks = now, EndUtcTicks = now, IsRoot = true };
            span.Attributes.Add(new(StartupAttributes.Command, "warm-up"));
            span.Attributes.Add(new(StartupAttributes.Completed, true));
            span.Attributes.Add(new(StartupAttributes.OverheadMs, 0.0));
            span.Attributes.Add(new(StartupAttributes.JitMethods, 0L));
            span.Attributes.Add(new(StartupAttributes.AssembliesLoaded, 0));
            span.AddEvent(new StartupSpanEvent(StartupAttributes.BudgetOverrunEvent, now, [new(StartupAttributes.Phase, "warm_up"), new(StartupAttributes.BudgetLevel, "warn")]));
            var batch = new SpanBatch();
            batch.Spans.Add(span);
            StartupMeasurements.Add(batch.Measurements, span, "warm-up", now);
            _ = SpoolFileFormat.Encode(SpoolFileFormat.TracesKind, OtlpTraceSerializer.SerializeScopeSpans(batch.SampledSpans()));
            _ = Otlp.OtlpDestination.KeyOf(env);
            _ = SpoolFileFormat.Encode(SpoolFileFormat.MeasurementsKind, MeasurementCodec.Encode(batch.Measurements));
            _ = SpoolFileName.Create(0, 1, 1, 1, SpoolFileFormat.TracesKind);

            // The libc functions the spool file, the sender lock and the launch use, looked up once.
            _ = NativeSpoolFile.IsAvailable && NativeFileLock.IsAvailable && PosixSpawn.IsAvailable;
            _ = AuroraOpenTelemetryEventSource.Log; // creating an event source costs milliseconds where EventSource is on
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(ExitPathWarmup), ex);
        }
    }
}
