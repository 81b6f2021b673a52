using System.Diagnostics;
using Aurora.Instrumentation.OpenTelemetry.Diagnostics;
using Aurora.Instrumentation.OpenTelemetry.Protocol;
using Aurora.Instrumentation.OpenTelemetry.Spool;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// The export thread and the exit policy. The thread starts at <c>Start</c> to warm the exit path (under the JIT) or at
/// the ready milestone, settles briefly after ready, builds the <see cref="SdkPipeline"/>, exports the spans the
/// <see cref="TelemetryHandoff"/> collects, derives the metrics, persists what the collector did not confirm and drains
/// earlier runs' spool files. At exit, <see cref="Shutdown"/> waits at most the flush budget and persists whatever is
/// still unconfirmed. This type names no SDK type, so loading it loads no SDK assembly.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed by the export thread itself (Cleanup): a Dispose on the exit path could block for seconds on a hung collector.")]
internal sealed class ExportPipeline
{
    /// <summary>Below this budget, exit does not wait for a pipeline that is not built yet: building takes longer.</summary>
    internal static readonly TimeSpan PatientBudget = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long after the ready milestone the SDK build starts (unless exit comes first with a patient budget). A
    /// command that ends within it leaves its spans to the spool and never loads the SDK: for such a short run,
    /// building it would only compete with the exit for the CPU. A first LLM call takes far longer than this.
    /// </summary>
    internal static readonly TimeSpan SettleAfterReady = TimeSpan.FromMilliseconds(100);

    private static readonly TimeSpan s_persistGrace = TimeSpan.FromMilliseconds(250);

    private readonly TelemetrySettings _settings;
    private readonly TelemetryHandoff _handoff;
    private readonly Func<string, string?> _env;
    private readonly IStartupMessageSink _messages;
    private readonly SpoolDirectory? _spool;
    private readonly ManualResetEventSlim _flushed = new(false);
    private SdkPipeline? _sdk;
    private IReadOnlyList<KeyValuePair<string, object?>>? _resource;
    private List<StartupSpanData>? _inFlight;
    private bool _persisting;
    private bool _closing;
    private bool _patient;
    private bool _abandoned;
    private string? _currentClaim;
    private volatile bool _built;
    private int _started;
    private bool _warmUpFirst;
    private int _persistWarned;

    public ExportPipeline(TelemetrySettings settings, TelemetryHandoff handoff, Func<string, string?> env, IStartupMessageSink messages)
    {
        _settings = settings;
        _handoff = handoff;
        _env = env;
        _messages = messages;
        _spool = settings.SpoolDirectory is { } path ? new SpoolDirectory(path) : null;
    }

    /// <summary>
    /// Arms the export thread. With <paramref name="warmUpExitPath"/> it starts now and first prepares the exit path
    /// (<see cref="ExitPathWarmup"/>), then waits for the ready milestone: one thread for both jobs, so ready starts no
    /// thread (a thread start there cost 0.3–3 ms of the app's time in the probe). Otherwise it starts at the ready
    /// milestone (or at exit, when the budget allows waiting for it): before ready, even a thread start and the JIT it
    /// triggers compete with the app's startup on a small machine.
    /// </summary>
    public void Attach(bool warmUpExitPath)
    {
        _handoff.OnRootStopped(EnsureStarted);
        if (warmUpExitPath)
        {
            StartThread(warmUpFirst: true);
        }
    }

    private void EnsureStarted() => StartThread(warmUpFirst: false);

    private void StartThread(bool warmUpFirst)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        try
        {
            // A plain thread rather than the thread pool: the pool's first use costs the app's thread milliseconds.
            var thread = new Thread(static state => ((ExportPipeline)state!).Run())
            {
                IsBackground = true,
                Name = "Aurora telemetry export",
            };
            _warmUpFirst = warmUpFirst;
            thread.UnsafeStart(this); // no ExecutionContext: nothing of the app's flow (activities, AsyncLocals) comes along
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(StartThread), ex);
            _flushed.Set();
        }
    }

    /// <summary>
    /// Exit: wait at most <paramref name="budget"/> for everything queued to be confirmed, then persist the rest.
    /// Returns how many spans were left for the spool. Never throws, never waits beyond the budget (plus a short
    /// grace when the export thread is in the middle of writing the spool file itself).
    /// </summary>
    public int Shutdown(TimeSpan budget)
    {
        var gate = _handoff.Gate;
        var worthWaiting = _built || budget >= PatientBudget;
        lock (gate)
        {
            _closing = true;
            _patient = worthWaiting;
            Monitor.PulseAll(gate);
        }

        // A small budget cannot cover building the SDK (hundreds of ms under JIT): persist at once instead of waiting in vain.
        if (worthWaiting)
        {
            EnsureStarted(); // a run that never got ready still exports when it may wait
        }

        if (worthWaiting && budget > TimeSpan.Zero && _flushed.Wait(budget))
        {
            return 0;
        }

        List<StartupSpanData> leftovers;
        string? claim;
        lock (gate)
        {
            _abandoned = true;
            leftovers = _handoff.TakeSpansUnderLock()?.FindAll(static span => span.Sampled) ?? [];
            if (_inFlight is not null && _persisting)
            {
                // The export thread is writing these to the spool right now (a local write): let it finish.
                Monitor.Wait(gate, s_persistGrace);
            }

            if (_inFlight is not null)
            {
                leftovers.AddRange(_inFlight);
            }

            claim = _currentClaim;
        }

        if (claim is not null)
        {
            _spool?.Release(claim);
        }

        if (leftovers.Count > 0)
        {
            AuroraOpenTelemetryEventSource.Log.FlushBudgetElapsed((int)budget.TotalMilliseconds, leftovers.Count);
            Persist(leftovers);
        }

        return leftovers.Count;
    }

    private void Run()
    {
        try
        {
            if (_warmUpFirst)
            {
                ExitPathWarmup.Run(_env);
                WaitForReadyOrExit();
            }

            // This thread runs from the ready milestone, and the SDK is built only after SettleAfterReady: building
            // it takes the runtime's global meter and listener locks and hundreds of ms of JIT that would compete
            // with the app's startup (measured: +190 ms of wall time on 2 cores) or with a short command's exit.
            // After ready the app waits on its first LLM call; the export fits there.
            if (SettleOrExit())
            {
                _spool?.EnforceLimits();
                _sdk = SdkPipeline.Build(_settings.Mode, _env, _messages);
                Volatile.Write(ref _resource, _sdk.Resource);
                _built = true;
                Loop();
            }
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException("export thread", ex);
        }
        finally
        {
            _flushed.Set();
        }

        Cleanup();
    }

    /// <summary>Waits for the ready milestone or the exit, whichever comes first (the thread was started early to warm up).</summary>
    private void WaitForReadyOrExit()
    {
        lock (_handoff.Gate)
        {
            while (!_handoff.RootStoppedUnderLock && !_closing)
            {
                Monitor.Wait(_handoff.Gate);
            }
        }
    }

    /// <summary>Waits <see cref="SettleAfterReady"/>; returns false when exit came first and will not wait for the export.</summary>
    private bool SettleOrExit()
    {
        var gate = _handoff.Gate;
        var deadline = Stopwatch.GetTimestamp() + (long)(SettleAfterReady.TotalSeconds * Stopwatch.Frequency);
        lock (gate)
        {
            while (!_closing)
            {
                var remaining = deadline - Stopwatch.GetTimestamp();
                if (remaining <= 0)
                {
                    return true;
                }

                Monitor.Wait(gate, TimeSpan.FromSeconds(remaining / (double)Stopwatch.Frequency));
            }

            return !_abandoned && _patient;
        }
    }

    private void Loop()
    {
        var gate = _handoff.Gate;
        var drainDone = _spool is null || _sdk?.Sender is null;
        var metricsDirty = false;
        var rootFlushed = false;
        while (true)
        {
            List<StartupSpanData>? all;
            List<StartupSpanData>? spans;
            bool closing;
            bool rootStopped;
            lock (gate)
            {
                while (!_handoff.HasPendingUnderLock && !_closing && drainDone)
                {
                    Monitor.Wait(gate);
                }

                all = _handoff.TakeSpansUnderLock();

                // Metrics come from every span; only the ones the sampler kept are exported or persisted.
                spans = all?.FindAll(static span => span.Sampled) is { Count: > 0 } kept ? kept : null;
                _inFlight = spans;
                closing = _closing;
                rootStopped = _handoff.RootStoppedUnderLock;
            }

            if (all is not null && _sdk is not null)
            {
                _sdk.RecordMetrics(all);
                metricsDirty = true;
            }

            if (spans is not null)
            {
                var sent = _sdk?.Export(spans) ?? false;
                bool persist;
                lock (gate)
                {
                    persist = _persisting = !sent && !_abandoned && _spool is not null;
                }

                if (persist)
                {
                    Persist(spans);
                    drainDone = true; // the collector is failing now: don't pile the old files on it in this run
                }

                lock (gate)
                {
                    _inFlight = null;
                    _persisting = false;
                    Monitor.PulseAll(gate);
                }
            }

            if (metricsDirty && ((rootStopped && !rootFlushed) || closing))
            {
                // Right after ready the app is busy with its first LLM call: the best moment to send the metrics.
                rootFlushed = rootStopped;
                metricsDirty = false;
                _sdk?.FlushMetrics();
            }

            if (!drainDone)
            {
                drainDone = !DrainOne();
            }

            lock (gate)
            {
                if (_closing && !_handoff.HasPendingUnderLock && drainDone && !metricsDirty)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Sends one spool file; returns whether the drain should go on.</summary>
    private bool DrainOne()
    {
        var spool = _spool!;
        var sender = _sdk!.Sender!;
        foreach (var ready in spool.ListReady())
        {
            var claimed = spool.TryClaim(ready);
            if (claimed is null)
            {
                continue; // another run took it
            }

            lock (_handoff.Gate)
            {
                if (_abandoned)
                {
                    spool.Release(claimed);
                    return false;
                }

                _currentClaim = claimed;
            }

            var payload = spool.TryReadPayload(claimed, out _);
            var sent = payload is not null && sender.TrySend(payload, CancellationToken.None, out _);
            lock (_handoff.Gate)
            {
                _currentClaim = null;
                if (_abandoned)
                {
                    // Exit already gave the file back; a send that succeeded anyway may be sent again (at-least-once).
                    return false;
                }
            }

            if (payload is null)
            {
                return true; // quarantined or unreadable: next file
            }

            AuroraOpenTelemetryEventSource.Log.SpoolFileSent(Path.GetFileName(ready), sent);
            if (sent)
            {
                SpoolDirectory.Complete(claimed);
                return true;
            }

            spool.Release(claimed);
            return false;
        }

        return false;
    }

    private void Persist(List<StartupSpanData> spans)
    {
        if (_spool is null || spans.Count == 0)
        {
            return;
        }

        try
        {
            var resource = Volatile.Read(ref _resource) ?? FallbackResource.Create(_env);
            var payload = OtlpTraceSerializer.Serialize(resource, spans);
            var file = _spool.TryWrite(SpoolFileFormat.TracesKind, payload, out var problem);
            if (file is not null)
            {
                AuroraOpenTelemetryEventSource.Log.SpansSpooled(spans.Count, Path.GetFileName(file));
                return;
            }

            if (Interlocked.Exchange(ref _persistWarned, 1) == 0)
            {
                _messages.Write(new StartupMessage(
                    StartupMessageLevel.Warning,
                    $"telemetry: could not persist {spans.Count} unsent span(s) to the spool directory ({problem}); they are dropped. Set {TelemetrySettings.SpoolVariable} to a writable directory."));
            }
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(Persist), ex);
        }
    }

    private void Cleanup()
    {
        // Only the export thread disposes: disposing listeners and providers takes runtime-wide locks and may block
        // for seconds on a hung collector, and this is a background thread the process does not wait for.
        try
        {
            _handoff.Dispose();
            _sdk?.Dispose();
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(Cleanup), ex);
        }
    }
}
