using Aurora.Instrumentation.OpenTelemetry.Delivery;
using Aurora.Instrumentation.OpenTelemetry.Diagnostics;
using Aurora.Instrumentation.OpenTelemetry.Metrics;
using Aurora.Instrumentation.OpenTelemetry.Otlp;
using Aurora.Instrumentation.OpenTelemetry.Protocol;
using Aurora.Instrumentation.OpenTelemetry.Spool;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// The OTLP route: persist first, then send from the spool. A run's spans and metric measurements are written to its
/// destination's spool folder — by the export thread shortly after ready, or at exit for what is left — and sent from
/// there: by a detached sender started right after they were written (<see cref="DetachedSenderLauncher"/>; the app
/// never waits for the network and a short run still delivers within seconds of its exit), or, with a patient flush
/// budget (CI) or where no process can be started, by this run's export thread, which the exit waits for up to the
/// budget. The same bytes are sent either way, and a file is deleted only once the collector confirmed it, so nothing
/// is lost and nothing is sent twice but when a confirmation is lost in flight.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed by the export thread itself: a Dispose on the exit path could block on a hung collector.")]
internal sealed class SpoolExport : IExport
{
    /// <summary>From this budget on, the exit waits for this run's own sending (CI's 2 s): the data is confirmed before the process ends.</summary>
    internal static readonly TimeSpan PatientBudget = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan s_persistGrace = TimeSpan.FromMilliseconds(250);

    private readonly TelemetrySettings _settings;
    private readonly TelemetryHandoff _handoff;
    private readonly Func<string, string?> _env;
    private readonly IStartupMessageSink _messages;
    private readonly TimeProvider _time;
    private readonly Func<ISenderLauncher?> _createLauncher;
    private readonly ExportThread _thread;
    private readonly object _prepareGate = new();

    /// <summary>Guards the folder (cheap: the exit may need it), never held while anything else is prepared.</summary>
    private readonly object _folderGate = new();

    /// <summary>Guards the launcher (its command line is prepared once).</summary>
    private readonly object _launcherGate = new();
    private readonly ManualResetEventSlim _finished = new(false);
    private readonly CancellationTokenSource _exit = new();
    private PreparedExport? _prepared;
    private SpoolDirectory? _folder;
    private bool _folderResolved;
    private ISenderLauncher? _launcher;
    private bool _launcherCreated;
    private SpanBatch? _inFlight;
    private bool _persisting;
    private bool _closing;
    private bool _patient;
    private bool _abandoned;
    private bool _filesWaiting;
    private SpoolDelivery? _delivery;
    private SenderLock? _deliveryLock;
    private ISenderChannel? _channel;

    /// <summary>
    /// Guards who starts the sender: the export thread early (<see cref="_earlyLaunch"/>), or the exit
    /// (<see cref="_exitTookOver"/>), never both; and makes every "is one running? then start one" one step, so the exit
    /// never mistakes the export thread's own lock probe for a running sender.
    /// </summary>
    private readonly object _launchGate = new();
    private bool _earlyLaunch;
    private bool _exitTookOver;
    private DateTimeOffset? _backoffAtStart;
    private int _messagesWritten;
    private int _persistWarned;

    public SpoolExport(TelemetrySettings settings, TelemetryHandoff handoff, Func<string, string?> env, IStartupMessageSink messages, Func<ISenderLauncher?>? createLauncher = null, TimeProvider? time = null)
    {
        _settings = settings;
        _handoff = handoff;
        _env = env;
        _messages = messages;
        _time = time ?? TimeProvider.System;
        _createLauncher = createLauncher ?? (() => DetachedSenderLauncher.TryCreate(idle: settings.AfterExit == SenderPriority.Idle));
        _thread = new ExportThread(handoff, Run);
    }

    /// <summary>Whether this run sends its own files (a patient flush budget, or no detached sender possible).</summary>
    private bool SendsInProcess => _settings.FlushBudget >= PatientBudget || Launcher() is null;

    /// <summary>Whether the export thread starts at <c>Start</c> to have the sender running before ready (64-bit Linux).</summary>
    private bool StartsSenderEarly
        => OperatingSystem.IsLinux() && Environment.Is64BitProcess && _settings.SpoolDirectory is not null
            && _settings.AfterExit != SenderPriority.Off && _settings.FlushBudget < PatientBudget;

    /// <summary>
    /// Arms the export thread. Under the JIT, or to start the sender early, it starts now: it prepares the exit path,
    /// the destination's folder and the sender, then waits for ready (one thread for both jobs, so ready starts no
    /// thread). Otherwise it starts at ready (or at an exit that waits for it).
    /// </summary>
    public void Attach()
    {
        _handoff.OnRootStopped(() => _thread.Start(warmUpFirst: false));
        var early = _settings.SpoolDirectory is not null && (ExitPathWarmup.IsUseful || StartsSenderEarly);
        if (early && !_thread.Start(warmUpFirst: true))
        {
            _finished.Set();
        }
    }

    public void Shutdown(TimeSpan budget)
    {
        var gate = _handoff.Gate;
        var patient = budget >= PatientBudget;
        lock (gate)
        {
            _closing = true;
            _patient = patient;
            Monitor.PulseAll(gate);
        }

        if (patient && budget > TimeSpan.Zero)
        {
            // A run that never got ready still sends, when it may wait; then wait for the sending.
            _thread.Start(warmUpFirst: false);
            _finished.Wait(budget);
        }

        SpanBatch? leftovers;
        lock (gate)
        {
            _abandoned = true;
            leftovers = _handoff.TakeSpansUnderLock();
            // The export thread may be writing a batch to the spool right now (a local write): let it finish.
            var graceEnd = Environment.TickCount64 + (long)s_persistGrace.TotalMilliseconds;
            while (_persisting && Environment.TickCount64 < graceEnd)
            {
                Monitor.Wait(gate, TimeSpan.FromMilliseconds(Math.Max(1, graceEnd - Environment.TickCount64)));
            }

            if (_inFlight is { } stuck)
            {
                leftovers = Merge(leftovers, stuck);
            }
        }

        // What this run's export thread was sending goes back to the spool for the next sender.
        _exit.Cancel();
        _delivery?.Abandon();
        _deliveryLock?.Dispose();

        // The exit never resolves the destination (parsing, file reads): only the folder, which the raw variables name.
        var folder = Folder();
        if (leftovers is not null && Persist(folder, leftovers))
        {
            AuroraOpenTelemetryEventSource.Log.FlushBudgetElapsed((int)budget.TotalMilliseconds, leftovers.Spans.Count);
        }

        var prepared = Volatile.Read(ref _prepared);
        ISenderChannel? channel;
        bool early;
        lock (_launchGate)
        {
            _exitTookOver = true;
            channel = _channel;
            _channel = null;
            early = _earlyLaunch;
        }

        if (channel is not null)
        {
            // The sender started early sends everything now: one close, the only thing the exit does for it.
            channel.Close();
            Volatile.Write(ref _filesWaiting, false);
        }
        else if (!early && Volatile.Read(ref _filesWaiting))
        {
            // (A start under way on the export thread closes its channel as soon as it opens: that sender sends it all.)
            TryLaunchSender(folder, prepared);
        }

        if (prepared is not null)
        {
            WriteMessagesOnce(prepared);
        }
        else if (folder is not null)
        {
            // A run that ends before its export thread prepared still tells what a sender left for it (one existence
            // check; the reading and printing only when there is something to say).
            var status = new DeliveryStatus(folder, _time);
            if (status.HasNotice())
            {
                foreach (var notice in status.TakeNotices())
                {
                    _messages.Write(new StartupMessage(StartupMessageLevel.Warning, notice));
                }
            }
        }
    }

    private static SpanBatch Merge(SpanBatch? into, SpanBatch from)
    {
        into ??= new SpanBatch();
        into.Spans.AddRange(from.Spans);
        into.Measurements.AddRange(from.Measurements);
        return into;
    }

    private bool Closing() => _closing;

    private void Run(bool warmUpFirst)
    {
        try
        {
            if (warmUpFirst)
            {
                if (ExitPathWarmup.IsUseful)
                {
                    ExitPathWarmup.Run(_env);
                }

                // The folder and its checks, ready for the exit (creating it early is harmless), and the sender, started
                // now from this thread: a posix_spawn in the idle class waits for a free CPU, which only this thread may do.
                var folder = Folder();
                if (folder is not null && folder.EnsureTrusted() is null && !SendsInProcess && Launcher() is { } launcher)
                {
                    StartSenderEarly(folder, launcher);
                }

                _thread.WaitForReadyOrExit(Closing);
            }

            _thread.Settle(Closing);
            lock (_handoff.Gate)
            {
                if (_closing && !_patient)
                {
                    return; // the exit came first and does not wait: it persists and launches the sender itself
                }
            }

            var prepared = Prepare();
            WriteMessagesOnce(prepared);
            Loop(prepared);
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException("export thread", ex);
        }
        finally
        {
            _finished.Set();
            _delivery?.Dispose();
            _deliveryLock?.Dispose();
        }
    }

    private void Loop(PreparedExport prepared)
    {
        var gate = _handoff.Gate;
        var deliveryDone = true;
        while (true)
        {
            SpanBatch? batch;
            bool persist;
            lock (gate)
            {
                while (!_handoff.HasPendingUnderLock && !_closing && deliveryDone)
                {
                    Monitor.Wait(gate);
                }

                batch = _handoff.TakeSpansUnderLock();
                persist = batch is not null && !_abandoned;
                _inFlight = persist ? batch : null;
                _persisting = persist;
            }

            var wrote = persist && Persist(prepared.Spool, batch!);
            lock (gate)
            {
                _inFlight = null;
                _persisting = false;
                Monitor.PulseAll(gate);
            }

            if (wrote)
            {
                if (SendsInProcess)
                {
                    deliveryDone = false;
                }
                else if (Volatile.Read(ref _channel) is not { } channel || !channel.Nudge())
                {
                    // Never started, or gone: start one for these files (unless the exit has taken over).
                    ISenderChannel? gone;
                    lock (_launchGate)
                    {
                        gone = _channel;
                        _channel = null;
                    }

                    gone?.Close();
                    TryLaunchSender(prepared.Spool, prepared);
                }
                else
                {
                    Volatile.Write(ref _filesWaiting, false);
                }
            }

            if (!deliveryDone)
            {
                // Whatever the pass says, this run tries again only when it has new files: a failing collector is
                // left to the backoff and the next sender.
                deliveryDone = true;
                DeliverInProcess(prepared);
            }

            lock (gate)
            {
                if (_closing && !_handoff.HasPendingUnderLock)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Sends this destination's waiting files from this process (CI, or where no sender can be started).</summary>
    private void DeliverInProcess(PreparedExport prepared)
    {
        if (prepared.Spool is not { } spool || prepared.Status!.BackoffUntil() is not null)
        {
            return;
        }

        for (var round = 0; round < 3 && !_exit.IsCancellationRequested; round++)
        {
            var held = SenderLock.TryAcquire(spool.Path);
            if (held is null)
            {
                return; // a sender is running: it sends our files too
            }

            DeliveryPass pass;
            lock (_prepareGate)
            {
                _deliveryLock = held;
                _delivery ??= new SpoolDelivery(spool, prepared.Destination, _env, _time, message => _messages.Write(new StartupMessage(StartupMessageLevel.Warning, message)));
            }

            try
            {
                pass = _delivery.DeliverOnce(DateTimeOffset.MaxValue, _exit.Token);
            }
            finally
            {
                held.Dispose();
            }

            if (pass != DeliveryPass.Done)
            {
                return;
            }

            Volatile.Write(ref _filesWaiting, false);

            // After releasing the lock: a run that found it held left its files to us.
            if (!spool.HasReady())
            {
                return;
            }

            Volatile.Write(ref _filesWaiting, true);
        }
    }

    /// <summary>Writes the batch's sampled spans and its measurements to the spool; true when something was written.</summary>
    private bool Persist(SpoolDirectory? folder, SpanBatch batch)
    {
        if (folder is not { } spool)
        {
            WarnUnpersisted(batch, "no spool directory: HOME is not set");
            return false;
        }

        try
        {
            var wrote = false;
            string? problem = null;
            var sampled = batch.SampledSpans();
            if (sampled.Count > 0)
            {
                var file = spool.TryWrite(SpoolFileFormat.TracesKind, OtlpTraceSerializer.SerializeScopeSpans(sampled), out problem);
                wrote |= file is not null;
                if (file is not null)
                {
                    AuroraOpenTelemetryEventSource.Log.SpansSpooled(sampled.Count, Path.GetFileName(file));
                }
            }

            if (batch.Measurements.Count > 0)
            {
                var file = spool.TryWrite(SpoolFileFormat.MeasurementsKind, MeasurementCodec.Encode(batch.Measurements), out var metricsProblem);
                wrote |= file is not null;
                problem ??= metricsProblem;
            }

            if (problem is not null)
            {
                WarnUnpersisted(batch, problem);
            }

            if (wrote)
            {
                Volatile.Write(ref _filesWaiting, true);
            }

            return wrote;
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(Persist), ex);
            return false;
        }
    }

    private void WarnUnpersisted(SpanBatch batch, string problem)
    {
        if (Interlocked.Exchange(ref _persistWarned, 1) == 0)
        {
            _messages.Write(new StartupMessage(
                StartupMessageLevel.Warning,
                $"telemetry: could not persist {batch.Spans.Count} span(s) and {batch.Measurements.Count} measurement(s) to the spool ({problem}); they are dropped. Set {TelemetrySettings.SpoolVariable} to a directory of your own that only you can write to."));
        }
    }

    /// <summary>Starts a detached sender for the destination unless one is running, the collector asked for a long pause, or it is off.</summary>
    private void TryLaunchSender(SpoolDirectory? folder, PreparedExport? prepared)
    {
        if (folder is not { } spool || Launcher() is not { } launcher)
        {
            return;
        }

        var backoff = prepared?.BackoffUntil ?? _backoffAtStart;
        if (backoff is { } until && until - _time.GetUtcNow() > SenderProcess.LongestWait)
        {
            return; // the sender would only find the destination in backoff; a later run tries
        }

        // One step under the gate: the export thread and the exit never both start one, and neither takes the other's
        // probe of the lock for a running sender.
        lock (_launchGate)
        {
            if (SenderLock.IsHeld(spool.Path))
            {
                Volatile.Write(ref _filesWaiting, false); // the sender holding it looks for new files before it leaves
                return;
            }

            if (launcher.TryLaunch(spool.Path))
            {
                Volatile.Write(ref _filesWaiting, false);
            }
        }
    }

    /// <summary>
    /// Starts the sender that waits for this run, from the export thread before ready, unless the exit came first or
    /// the destination is in a long backoff. A channel that opens after the exit took over is closed at once: that
    /// sender then sends everything the exit persisted.
    /// </summary>
    private void StartSenderEarly(SpoolDirectory folder, ISenderLauncher launcher)
    {
        // One file check, off the critical path: a destination in a long backoff gets no sender from this run.
        _backoffAtStart = new DeliveryStatus(folder, _time).BackoffUntil();
        if (_backoffAtStart is { } until && until - _time.GetUtcNow() > SenderProcess.LongestWait)
        {
            return;
        }

        lock (_launchGate)
        {
            if (_exitTookOver)
            {
                return; // the exit persisted and started one itself
            }

            _earlyLaunch = true;
        }

        var started = launcher.TryLaunchWaiting(folder.Path, channel =>
        {
            bool closeNow;
            lock (_launchGate)
            {
                closeNow = _exitTookOver;
                if (!closeNow)
                {
                    _channel = channel;
                }
            }

            if (closeNow)
            {
                channel.Close();
            }
        });
        if (!started)
        {
            lock (_launchGate)
            {
                _channel = null;
                _earlyLaunch = false; // the exit (or the export thread after ready) starts one instead
            }
        }
    }

    private ISenderLauncher? Launcher()
    {
        lock (_launcherGate)
        {
            if (!_launcherCreated)
            {
                _launcherCreated = true;
                _launcher = _settings.AfterExit == SenderPriority.Off ? null : _createLauncher();
            }

            return _launcher;
        }
    }

    /// <summary>The destination's spool folder (<c>null</c> without a spool root): cheap enough for the exit.</summary>
    private SpoolDirectory? Folder()
    {
        lock (_folderGate)
        {
            if (!_folderResolved)
            {
                _folderResolved = true;
                _folder = _settings.SpoolDirectory is { } root ? new SpoolDirectory(SpoolDirectory.PathFor(root, OtlpDestination.KeyOf(_env)), _time) : null;
            }

            return _folder;
        }
    }

    /// <summary>
    /// Resolves the destination and reads its state, on the export thread after ready only: parsing and file reads
    /// have no business on the critical path or at the exit (a run that exits first leaves its settings warnings to
    /// the sender, which records them as a notice for the next run).
    /// </summary>
    private PreparedExport Prepare()
    {
        var spool = Folder();
        lock (_prepareGate)
        {
            if (_prepared is not null)
            {
                return _prepared;
            }

            var messages = new List<string>();
            var destination = OtlpDestination.Resolve(_env, messages);
            DeliveryStatus? status = null;
            DateTimeOffset? backoff = null;
            if (spool is not null)
            {
                status = new DeliveryStatus(spool, _time);
                backoff = status.BackoffUntil();
                // A sender may have left this very settings problem as a notice; this run says it itself.
                messages.AddRange(status.TakeNotices().Where(notice => !messages.Exists(own => notice.EndsWith(own, StringComparison.Ordinal))));
            }

            var prepared = new PreparedExport
            {
                Destination = destination,
                Spool = spool,
                Status = status,
                Resource = FallbackResource.Create(_env),
                Messages = messages,
                BackoffUntil = backoff,
            };
            Volatile.Write(ref _prepared, prepared);
            return prepared;
        }
    }

    private void WriteMessagesOnce(PreparedExport prepared)
    {
        if (prepared.Messages.Count == 0 || Interlocked.Exchange(ref _messagesWritten, 1) != 0)
        {
            return;
        }

        foreach (var message in prepared.Messages)
        {
            _messages.Write(new StartupMessage(StartupMessageLevel.Warning, message));
        }
    }
}
