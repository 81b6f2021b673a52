using Aurora.Instrumentation.OpenTelemetry.Diagnostics;
using Aurora.Instrumentation.OpenTelemetry.Protocol;
using Aurora.Instrumentation.OpenTelemetry.Spool;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// Compiles the exit path while the app starts. A command that ends soon after ready persists its spans at exit
/// (serialise to OTLP protobuf, write a spool file) on the app's own thread; under JIT the first run of that code
/// costs 10–15 ms of compilation right when the app wants to be gone. One short-lived background thread
/// runs the same code once on a synthetic span and writes nothing, so
/// the exit finds it compiled. Under Native AOT there is nothing to compile and it does not run.
/// </summary>
internal static class ExitPathWarmup
{
    public static void Start(Func<string, string?> env)
    {
        // Not RuntimeFeature.IsDynamicCodeCompiled: a PublishAot=true project switches it off under the JIT too.
        if (System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false) == 0)
        {
            return;
        }

        try
        {
            // A plain thread rather than the thread pool: the pool's first use costs the app's thread milliseconds.
            var thread = new Thread(static state => Run((Func<string, string?>)state!)) { IsBackground = true, Name = "Aurora exit-path warm-up" };
            thread.UnsafeStart(env);
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(ExitPathWarmup), ex);
        }
    }

    internal static void Run(Func<string, string?> env)
    {
        try
        {
            var resource = FallbackResource.Create(env);
            var now = DateTime.UtcNow.Ticks;
            var span = new StartupSpanData { Name = AuroraStartup.RootSpanName, SpanId = 1, StartUtcTicks = now, EndUtcTicks = now, IsRoot = true };
            span.Attributes.Add(new(StartupAttributes.Command, "warm-up"));
            span.Attributes.Add(new(StartupAttributes.Completed, true));
            span.Attributes.Add(new(StartupAttributes.OverheadMs, 0.0));
            span.Attributes.Add(new(StartupAttributes.JitMethods, 0L));
            span.Attributes.Add(new(StartupAttributes.AssembliesLoaded, 0));
            span.AddEvent(new StartupSpanEvent(StartupAttributes.BudgetOverrunEvent, now, []));
            var payload = OtlpTraceSerializer.Serialize(resource, [span]);
            _ = SpoolFileFormat.Encode(SpoolFileFormat.TracesKind, payload);
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(ExitPathWarmup), ex);
        }
    }
}
