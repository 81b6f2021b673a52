using System.Collections.Concurrent;
using System.Diagnostics;
using Aurora.Instrumentation.OpenTelemetry.Export;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Export;

public sealed class ExitPathWarmupTests
{
    [Fact]
    public void The_warm_up_is_invisible_to_listeners_and_writes_nothing()
    {
        var seen = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = seen.Enqueue,
            ActivityStopped = seen.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var spool = Directory.CreateTempSubdirectory("aurora-warmup-").FullName;
        try
        {
            var asked = new ConcurrentBag<string>();
            ExitPathWarmup.Run(name =>
            {
                asked.Add(name);
                return name == "AURORA_SPOOL_DIR" ? spool : null;
            });

            // Other tests' activities may pass through this process-wide listener; none may be the warm-up's span.
            Assert.DoesNotContain(seen, a => a.OperationName == AuroraStartup.RootSpanName && Equals(a.GetTagItem(StartupAttributes.Command), "warm-up"));
            Assert.Empty(Directory.EnumerateFileSystemEntries(spool));

            // It really ran the exit path's resource code, which reads the standard variables.
            Assert.Contains("OTEL_SERVICE_NAME", asked);
        }
        finally
        {
            Directory.Delete(spool, recursive: true);
        }
    }
}
