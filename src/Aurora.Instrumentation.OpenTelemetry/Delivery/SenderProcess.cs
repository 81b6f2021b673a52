using Aurora.Instrumentation.OpenTelemetry.Diagnostics;
using Aurora.Instrumentation.OpenTelemetry.Otlp;
using Aurora.Instrumentation.OpenTelemetry.Spool;

namespace Aurora.Instrumentation.OpenTelemetry.Delivery;

/// <summary>
/// The detached sender: a process started by <see cref="DetachedSenderLauncher"/> with <see cref="MarkerVariable"/>
/// naming one destination's spool folder. It resolves the destination from the environment it inherited (and sends
/// nothing if that does not match the folder), takes the destination's <see cref="SenderLock"/> (or leaves at once
/// when another sender has it), sends everything waiting, waits out short backoffs, and after releasing the lock looks
/// once more for files that arrived meanwhile. Bounded: it lives at most <see cref="Lifetime"/>; what is left waits
/// for the next sender. Its output goes nowhere; problems are left as a notice for the app's next run.
/// </summary>
internal static class SenderProcess
{
    public const string MarkerVariable = "AURORA_TELEMETRY_SENDER";

    /// <summary>Set on a sender started early: the descriptor of its run's pipe (<see cref="PipeSenderChannel"/>).</summary>
    public const string WaitVariable = "AURORA_TELEMETRY_SENDER_WAIT";

    /// <summary>How long a sender may live; within it, backoffs up to <see cref="LongestWait"/> are waited out.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>The longest backoff a sender waits out; a longer one is left to a later run's sender.</summary>
    internal static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(10);

    /// <summary>Whether this process was started to send (the check <c>AuroraTelemetry.Start</c> and the startup hook make first).</summary>
    public static bool IsSender(Func<string, string?> env) => !string.IsNullOrEmpty(env(MarkerVariable));

    /// <summary>Sends, then ends the process: the app this process was started from must not run in it.</summary>
    public static void RunAndExit(Func<string, string?> env)
    {
        try
        {
            if (Export.TelemetrySettings.ResolveAfterExit(env, warnings: null) != Export.SenderPriority.Normal)
            {
                // From here on this process only runs on CPU time nothing else wants (the runtime's own start ran at
                // normal priority: the launching app waited for nothing but the execve).
                Platform.ProcessPriority.EnterIdleClass();
            }

            var directory = env(MarkerVariable)!;
            if (int.TryParse(env(WaitVariable), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pipe))
            {
                WaitForRun(pipe, directory, env);
            }

            Run(directory, env, TimeProvider.System, Lifetime);
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(SenderProcess), ex);
        }

        Environment.Exit(0);
    }

    /// <summary>
    /// A sender started early waits on its run's pipe, without a lifetime: a byte means files are waiting (sent now,
    /// while the run goes on); the end of the pipe means the run has persisted everything (its last files are sent by
    /// the caller). It takes no CPU while it waits.
    /// </summary>
    private static void WaitForRun(int descriptor, string directory, Func<string, string?> env)
    {
        try
        {
            using var pipe = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(descriptor, ownsHandle: true), FileAccess.Read, bufferSize: 0);
            while (pipe.ReadByte() >= 0)
            {
                Run(directory, env, TimeProvider.System, Lifetime);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(WaitForRun), ex);
        }
    }

    /// <summary>The sender's work, for the folder <paramref name="directory"/>; returns how it ended (for tests).</summary>
    internal static DeliveryPass Run(string directory, Func<string, string?> env, TimeProvider time, TimeSpan lifetime)
    {
        var warnings = new List<string>();
        var destination = OtlpDestination.Resolve(env, warnings);
        var root = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory));
        if (root is null || !string.Equals(Path.GetFullPath(SpoolDirectory.PathFor(root, destination.Key)), Path.GetFullPath(directory), StringComparison.Ordinal))
        {
            // The environment no longer describes the destination the files were recorded for: not ours to send.
            return DeliveryPass.Stopped;
        }

        var spool = new SpoolDirectory(directory, time);
        if (!spool.IsTrustedForReading())
        {
            return DeliveryPass.Stopped; // nobody else's files are ever sent with this user's credentials
        }

        using var delivery = new SpoolDelivery(spool, destination, env, time, tellNow: null);
        foreach (var warning in warnings)
        {
            // The app that left these files may have exited before it could say what is wrong with its settings.
            delivery.Status.RecordNotice("settings|" + warning, "telemetry: " + warning);
        }

        var deadline = time.GetUtcNow() + lifetime;
        var pass = DeliveryPass.Done;
        var first = true;
        for (var round = 0; round < 1000 && time.GetUtcNow() < deadline; round++)
        {
            using (var held = SenderLock.TryAcquire(directory))
            {
                if (held is null)
                {
                    return pass; // another sender has it, and will see our files
                }

                if (first)
                {
                    spool.EnforceLimits();
                    first = false;
                }

                pass = SendWhileAllowed(spool, delivery, deadline, time);
            }

            // After releasing the lock: files written while we held it, by a run that saw the lock held, are ours.
            if (pass != DeliveryPass.Done || !spool.HasReady())
            {
                return pass;
            }
        }

        return pass;
    }

    /// <summary>Passes over the folder until it is empty, waiting out backoffs that fit in the deadline (the lock stays held).</summary>
    private static DeliveryPass SendWhileAllowed(SpoolDirectory spool, SpoolDelivery delivery, DateTimeOffset deadline, TimeProvider time)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (delivery.Status.BackoffUntil() is { } until)
            {
                var wait = until - time.GetUtcNow();
                if (wait > LongestWait || time.GetUtcNow() + wait >= deadline)
                {
                    return DeliveryPass.RetryLater;
                }

                Wait(time, wait);
            }

            var pass = delivery.DeliverOnce(deadline, CancellationToken.None);
            if (pass != DeliveryPass.RetryLater)
            {
                return pass;
            }
        }

        return DeliveryPass.RetryLater;
    }

    private static void Wait(TimeProvider time, TimeSpan wait)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        // Through the time provider, so a test's fake clock decides; in the sender process it is the system clock.
        using var done = new ManualResetEventSlim();
        using var timer = time.CreateTimer(static state => ((ManualResetEventSlim)state!).Set(), done, wait, Timeout.InfiniteTimeSpan);
        done.Wait(wait + TimeSpan.FromSeconds(1));
    }
}
