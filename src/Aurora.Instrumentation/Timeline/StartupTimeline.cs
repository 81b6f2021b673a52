using System.Diagnostics;
using Aurora.Instrumentation.Budgets;
using Aurora.Instrumentation.Diagnostics;
using Aurora.Instrumentation.Internal;
using Aurora.Instrumentation.Telemetry;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation;

/// <summary>
/// The startup of one command, from process start to the ready milestone. Start it on the first line of
/// <c>Main</c>, open a phase around each startup step, mark ready when the first LLM request begins, dispose
/// it at the end of <c>Main</c>.
/// </summary>
/// <example>
/// <code>
/// using var startup = StartupTimeline.Start("soar");
/// using (startup.BeginPhase(StartupPhases.Config)) { LoadConfig(); }
/// startup.MarkReady();
/// </code>
/// </example>
public sealed partial class StartupTimeline : IDisposable
{
    /// <summary>
    /// The process exit code of a run that failed its budgets in <see cref="BudgetMode.Strict"/> mode: 3 (1 is the
    /// usual "something failed" and 2 the usual "bad usage", so CI can tell a budget failure apart).
    /// </summary>
    public const int BudgetFailureExitCode = 3;

    /// <summary>Set to <c>1</c> by a profiler (<c>aurora-startup profile</c>): phase events on the core's EventSource.</summary>
    private const string PhaseEventsVariable = "AURORA_PHASE_EVENTS";

    /// <summary>A startup has a handful of phases; a runaway loop opening phases must not grow memory without bound.</summary>
    private const int MaxRecordedPhases = 4096;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;

    /// <summary>The system clock's timestamps are Stopwatch timestamps: one read then serves the phase and the overhead accounting.</summary>
    private readonly bool _timeIsStopwatch;
    private readonly IStartupMessageSink _messages;
    private readonly AssemblyLoadTracker _assemblies;
    private readonly BudgetChecker? _budgets;
    private readonly Action<int> _setExitCode;
    private readonly string? _reportPath;

    /// <summary>Where <see cref="_reportPath"/> came from, for the warning when it cannot be written.</summary>
    private readonly string _reportPathSource;

    /// <summary>Spans and metrics through the <c>Aurora.Startup</c> source and meter (<see cref="StartupTimelineOptions.EmitTelemetry"/>).</summary>
    private readonly bool _emitsTelemetry;

    /// <summary>Something reads the phases whether or not a listener is attached: a report path, budgets or the option.</summary>
    private readonly bool _recordsUnobserved;

    /// <summary>
    /// Phase begin/end and ready go to <see cref="AuroraInstrumentationEventSource"/>. Only on request: creating an
    /// EventSource is a first-use cost no run that is not being profiled should pay.
    /// </summary>
    private readonly bool _writesPhaseEvents;
    private readonly DateTimeOffset _processStartUtc;
    private readonly long _processStartTimestamp;
    private readonly double _ticksPerMillisecond;
    private readonly double _utcTicksPerTimestampTick;
    private readonly PhaseNames _names;
    private readonly List<BudgetOverrun> _overruns = [];
    private PhaseRecord[] _phases;
    private int _phaseCount;
    private bool _phaseLimitReported;
    private long _overheadStopwatchTicks;
    private long _readyTimestamp;
    private string? _milestone;
    private int _ended;

    /// <summary>The meter's instruments once they exist (see <see cref="StartInstruments"/>); read without the lock on the phase path.</summary>
    private StartupInstruments.Instruments? _metrics;
    private bool _totalMetricPending;
    private double _pendingTotalMs;
    private bool _pendingCompleted;
    private int _disposed;
    private List<string>? _assembliesBeforeReady;

    /// <summary>The innermost open phase per async flow, for parenting spans built from records.</summary>
    private static readonly AsyncLocal<PhaseFrame?> s_currentPhase = new();

    /// <summary>Spans are built from the records for this collector (<see cref="StartupTimelineOptions.SpanObserver"/>).</summary>
    private readonly ISpanRecordObserver? _spanObserver;
    private readonly TraceIdentity? _trace;
    private bool _rootFinal;
    private bool _rootCollected;
    private bool _rootCompleted;
    private long _rootEndTimestamp;
    private double _rootOverheadMs;
    private Budgets.BudgetedSpan? _rootBudgeted;

    private StartupTimeline(string command, StartupTimelineOptions options)
    {
        Command = command;
        _time = options.TimeProvider;
        _timeIsStopwatch = ReferenceEquals(_time, TimeProvider.System);
        _messages = options.MessageSink ?? new StandardErrorMessageSink();
        _setExitCode = options.SetExitCode;
        _reportPath = options.ReportPath ?? NullIfBlank(options.GetEnvironmentVariable(ReportFile.Variable));
        _reportPathSource = options.ReportPath is not null ? nameof(StartupTimelineOptions) + "." + nameof(StartupTimelineOptions.ReportPath) : ReportFile.Variable;
        _writesPhaseEvents = options.GetEnvironmentVariable(PhaseEventsVariable) == "1";
        _ticksPerMillisecond = _time.TimestampFrequency / 1000.0;
        _utcTicksPerTimestampTick = TimeSpan.TicksPerSecond / (double)_time.TimestampFrequency;
        _phases = new PhaseRecord[Math.Clamp(options.InitialPhaseCapacity, 4, MaxRecordedPhases)];

        var nowTimestamp = Now();
        var nowUtc = _time.GetUtcNow();
        if (_writesPhaseEvents)
        {
            // Where the runtime phase ends (record 0, ended below with this timestamp): what follows is the library's own cost.
            AuroraInstrumentationEventSource.Log.PhaseEnded(StartupPhases.Runtime, 0);
        }
        var pendingBudgetFile = BudgetSettings.BeginLoading(options);
        var processStart = options.ProcessStartTime
            ?? LaunchTime.Refine(ProcessInfo.TryGetStartTime(nowUtc), nowUtc, options.GetEnvironmentVariable(LaunchTime.Variable))
            ?? nowUtc;
        if (processStart > nowUtc)
        {
            // Clock skew between the OS record and the provider: never let the runtime phase run backwards.
            processStart = nowUtc;
        }

        _processStartUtc = processStart;
        _processStartTimestamp = nowTimestamp - (long)((nowUtc - processStart).Ticks * (_time.TimestampFrequency / (double)TimeSpan.TicksPerSecond));
        _assemblies = new AssemblyLoadTracker(_time, AssemblyLoadRecording.IsOn(options, _messages), _processStartTimestamp);

        // The runtime phase ends here, at the first instrumented line: what follows is the library's own cost.
        var runtimeEndCounters = RuntimeCounters.Capture(_assemblies.Count);

        _emitsTelemetry = options.EmitTelemetry ?? true;
        if (_emitsTelemetry)
        {
            // The first ActivitySource of a process costs 10-20 ms under the JIT where EventSource is supported (it
            // initialises the DiagnosticSource event source), ~1 ms where it is not; here it overlaps the budget file's
            // parsing on the thread pool.
            _ = StartupInstruments.Source;
        }

        // The checker is called by the timeline with the phases' own timestamps: budgets alone create no spans.
        _budgets = BudgetSettings.CreateChecker(this, options, pendingBudgetFile);
        _spanObserver = options.SpanObserver;
        var parent = _emitsTelemetry || _spanObserver is not null ? ResolveParent(options) : null;
        RootActivity = _emitsTelemetry ? StartRootActivity(parent, processStart) : null;
        if (_spanObserver is not null)
        {
            // With an activity too, the spans built from the records carry its ids: both views of the trace agree.
            _trace = RootActivity is { } emitted ? TraceIdentity.FromActivity(emitted, parent) : TraceIdentity.Create(parent);
        }

        _budgets?.AttachRoot(processStart.UtcTicks);
        _names = new PhaseNames(_budgets, _messages);
        _recordsUnobserved = options.RecordWhenUnobserved || _reportPath is not null || _budgets is not null || _spanObserver is not null || _writesPhaseEvents;
        if (RootActivity is { IsAllDataRequested: true } root)
        {
            root.SetTag(StartupAttributes.Command, command);
            root.SetTag(StartupAttributes.ProcessPid, Environment.ProcessId);
            root.SetTag(StartupAttributes.ProcessExecutableName, ProcessInfo.ExecutableName());
            root.SetTag(StartupAttributes.RuntimeMode, RuntimeMode);
        }

        StartInstruments(options);
        RecordRuntimePhase(nowTimestamp, runtimeEndCounters);
    }

    /// <summary>The command whose startup this is (<c>soar</c>, <c>goals</c>, …).</summary>
    public string Command { get; }

    /// <summary>The root <c>aurora.startup</c> span, or <c>null</c> when nothing listened at start.</summary>
    public Activity? RootActivity { get; }

    /// <summary><c>jit</c> or <c>aot</c>.</summary>
    public static string RuntimeMode => ProcessInfo.RuntimeMode;

    /// <summary>When the process started (UTC).</summary>
    public DateTimeOffset ProcessStartTime => _processStartUtc;

    /// <summary>Whether the ready milestone has been marked.</summary>
    public bool IsReady => Volatile.Read(ref _readyTimestamp) != 0;

    /// <summary>Time since process start.</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_processStartTimestamp);

    /// <summary>Process start → ready milestone, or <c>null</c> before ready.</summary>
    public TimeSpan? TimeToReady
    {
        get
        {
            var ready = Volatile.Read(ref _readyTimestamp);
            return ready == 0 ? null : _time.GetElapsedTime(_processStartTimestamp, ready);
        }
    }

    /// <summary>The library's own measured cost on the calling threads so far.</summary>
    public TimeSpan Overhead => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _overheadStopwatchTicks));

    /// <summary>
    /// Names of the assemblies loaded before the ready milestone (or so far, before ready). Empty unless
    /// <see cref="StartupTimelineOptions.RecordAssemblyLoads"/> is on.
    /// </summary>
    public IReadOnlyList<string> AssembliesLoadedBeforeReady
    {
        get
        {
            lock (_gate)
            {
                if (_assembliesBeforeReady is not null)
                {
                    return _assembliesBeforeReady;
                }
            }

            return _assemblies.NamesBetween(long.MinValue, Now());
        }
    }

    /// <summary>
    /// In <see cref="BudgetMode.Strict"/> mode: whether an <see cref="BudgetLevel.Error"/>-level budget was overrun or
    /// the budget file was broken. When true, <see cref="Dispose"/> sets <see cref="Environment.ExitCode"/> to
    /// <see cref="BudgetFailureExitCode"/>.
    /// </summary>
    public bool BudgetFailed => _budgets?.Failed ?? false;

    /// <summary>
    /// The exit code the budget check asks for: <see cref="BudgetFailureExitCode"/> when <see cref="BudgetFailed"/>,
    /// otherwise 0. An <c>int Main</c> should return it (a returned value replaces <see cref="Environment.ExitCode"/>).
    /// </summary>
    public int ExitCode => BudgetFailed ? BudgetFailureExitCode : 0;

    internal TimeProvider Time => _time;

    /// <summary>The meter's instruments for the lazies and the budget checker (created now if need be), or <c>null</c> when the timeline emits no telemetry.</summary>
    internal StartupInstruments.Instruments? Instruments => _emitsTelemetry ? StartupInstruments.Metrics : null;

    internal IStartupMessageSink Messages => _messages;

    /// <summary>Begins the startup timeline of <paramref name="command"/>. Call it on the first line of <c>Main</c>.</summary>
    /// <param name="command">The command being started, e.g. <c>soar</c>.</param>
    /// <param name="options">Options; <c>null</c> for the defaults.</param>
    /// <returns>The timeline; dispose it at the end of <c>Main</c>.</returns>
    public static StartupTimeline Start(string command, StartupTimelineOptions? options = null)
    {
        Guard.ThrowIfNullOrWhiteSpace(command);
        var began = Stopwatch.GetTimestamp();
        var timeline = new StartupTimeline(command, options ?? new StartupTimelineOptions());
        timeline.AddOverhead(began);
        return timeline;
    }

    /// <summary>Opens a phase on the critical path; dispose the returned scope to end it.</summary>
    /// <param name="phase">A phase id (lower_snake_case), e.g. <see cref="StartupPhases.Config"/>.</param>
    /// <returns>The open phase.</returns>
    public PhaseScope BeginPhase(string phase) => Begin(phase, background: false);

    /// <summary>Opens a phase that runs off the critical path; its span is parented to the root whatever the current activity is.</summary>
    /// <param name="phase">A phase id (lower_snake_case), e.g. <see cref="StartupPhases.ModelLoad"/>.</param>
    /// <returns>The open phase.</returns>
    public PhaseScope BeginBackgroundPhase(string phase) => Begin(phase, background: true);

    /// <summary>
    /// Marks the ready milestone: the root span ends here and the total is recorded. Only the first call counts.
    /// </summary>
    /// <param name="milestone">The milestone's name; default <see cref="StartupMilestones.FirstLlmCall"/>.</param>
    public void MarkReady(string milestone = StartupMilestones.FirstLlmCall)
    {
        Guard.ThrowIfNullOrWhiteSpace(milestone);
        var began = Stopwatch.GetTimestamp();
        var now = Now();
        if (Interlocked.CompareExchange(ref _readyTimestamp, now, 0) != 0)
        {
            return;
        }

        lock (_gate)
        {
            _milestone = milestone;
            if (_assemblies.RecordsNames)
            {
                _assembliesBeforeReady = _assemblies.NamesBetween(long.MinValue, now);
            }
        }

        if (_writesPhaseEvents)
        {
            AuroraInstrumentationEventSource.Log.ReadyMarked(milestone);
        }

        AddOverhead(began);
        EndRoot(now, completed: true);
    }

    /// <summary>
    /// Ends the timeline: a root never marked ready ends now with <c>aurora.startup.completed=false</c>, and the
    /// run report is written when a report path is set. Never throws.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!IsReady)
            {
                EndRoot(Now(), completed: false);
            }

            // The meter's background creation is done long before the end of Main in practice; if it is not, create it
            // here rather than wait for that thread, so this run's metrics are recorded before the app flushes its exporters.
            if (_emitsTelemetry && Volatile.Read(ref _metrics) is null)
            {
                OnInstrumentsCreated(StartupInstruments.Metrics);
            }

            if (_reportPath is not null)
            {
                ReportFile.TryWrite(CreateReport(), _reportPath, _reportPathSource, _messages);
            }

            ApplyBudgetVerdict();
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(Dispose), ex);
        }
        finally
        {
            _budgets?.Dispose();
            _assemblies.Dispose();
        }
    }

    /// <summary>
    /// A snapshot of the run so far as a report (DESIGN §3 "Run report"). Phases are in it when they were recorded:
    /// while something observed the timeline, or always with <see cref="StartupTimelineOptions.RecordWhenUnobserved"/>.
    /// </summary>
    /// <returns>The report.</returns>
    public StartupReport CreateReport()
    {
        lock (_gate)
        {
            var ready = Volatile.Read(ref _readyTimestamp);
            var end = ready != 0 ? ready : Now();
            var phases = new PhaseReport[_phaseCount];
            for (var i = 0; i < _phaseCount; i++)
            {
                phases[i] = ToReport(in _phases[i]);
            }

            return new StartupReport
            {
                Command = Command,
                RuntimeMode = RuntimeMode,
                ProcessId = Environment.ProcessId,
                ProcessStartTime = _processStartUtc,
                Completed = ready != 0,
                Milestone = _milestone,
                TotalMs = ToMilliseconds(end - _processStartTimestamp),
                TotalBudgetMs = TotalBudgetMs,
                TotalExceeded = TotalBudgetExceeded,
                OverheadMs = Overhead.TotalMilliseconds,
                TraceId = RootActivity?.TraceId.ToHexString() ?? _trace?.TraceIdHex,
                Phases = phases,
                Overruns = [.. _overruns],
                AssembliesLoadedBeforeReady = _assembliesBeforeReady ?? (IReadOnlyList<string>)[],
            };
        }
    }

    /// <summary>Budget of the root span, set by the budget checker.</summary>
    internal double? TotalBudgetMs { get; set; }

    internal bool TotalBudgetExceeded { get; set; }

    internal void RecordOverrun(BudgetOverrun overrun)
    {
        lock (_gate)
        {
            _overruns.Add(overrun);
        }
    }

    /// <summary>Adds a caller's wait on a lazy or background value to the phase (see the lazy helpers).</summary>
    internal void RecordLazyWait(int phaseIndex, long waitTimestampTicks, int waiters)
    {
        lock (_gate)
        {
            if ((uint)phaseIndex < (uint)_phaseCount)
            {
                ref var record = ref _phases[phaseIndex];
                record.LazyWaitTimestampTicks = Math.Max(0, record.LazyWaitTimestampTicks) + waitTimestampTicks;
                record.LazyWaiters += waiters;
            }
        }
    }

    /// <summary>
    /// Forgets the recorded phases (all but <c>runtime</c>) so a benchmark can reopen thousands on one warm timeline.
    /// The records are not cleared: <see cref="AddRecord"/> overwrites each one whole.
    /// </summary>
    internal void DiscardPhasesForBenchmark()
    {
        lock (_gate)
        {
            _phaseCount = 1;
        }
    }

    internal double ToMilliseconds(long timestampTicks) => timestampTicks / _ticksPerMillisecond;

    internal void EndPhase(int index, Activity? activity)
    {
        var now = Now();
        var began = _timeIsStopwatch ? now : Stopwatch.GetTimestamp();
        EndPhaseCore(index, activity, now, RuntimeCounters.Capture(_assemblies.Count));
        AddOverhead(began);
    }

    private void EndPhaseCore(int index, Activity? activity, long now, in RuntimeCounters counters)
    {
        StartupInstruments.Instruments? metricsAtEnd;
        string name;
        RuntimeCounters delta;
        long startTimestamp;
        long lazyWait;
        if (index < 0)
        {
            // Past the recording limit: the span still ends, the report just doesn't keep it.
            activity?.Stop();
            return;
        }

        lock (_gate)
        {
            ref var record = ref _phases[index];
            if (record.EndTimestamp != 0)
            {
                return;
            }

            record.EndTimestamp = now;
            record.Delta = counters.Since(record.StartCounters);
            metricsAtEnd = _metrics;
            record.MetricPending = metricsAtEnd is null;
            name = record.Name;
            delta = record.Delta;
            startTimestamp = record.StartTimestamp;

            // A lazy records its callers' wait before it ends its phase, so it is final here.
            lazyWait = record.LazyWaitTimestampTicks;
        }

        if (_writesPhaseEvents && index != 0)
        {
            AuroraInstrumentationEventSource.Log.PhaseEnded(name, index);
        }

        var durationTicks = now - startTimestamp;
        try
        {
            if (activity is not null)
            {
                TagEndedPhase(activity, now, startTimestamp, in delta, lazyWait);
            }

            // The budget check runs before Stop() so that an exporter exporting synchronously on stop sees its attributes.
            if (_budgets is not null && _budgets.OnEnding(index, ToTimeSpan(durationTicks), activity, out var budgetMs, out var exceeded))
            {
                lock (_gate)
                {
                    _phases[index].BudgetMs = budgetMs;
                    _phases[index].BudgetExceeded = exceeded;
                    if (_spanObserver is not null)
                    {
                        // Only spans built from records need it later; the budget path of every other timeline stays as it was.
                        _phases[index].Budgeted = _budgets.EndedBudget(index);
                    }
                }
            }

            if (_spanObserver is not null)
            {
                FinishRecordedSpan(index);
            }

            if (activity is not null)
            {
                StopKeepingCurrent(activity);
            }

            // Null only before the meter exists: the phase was marked pending under the lock and is recorded then.
            if (metricsAtEnd is not null)
            {
                RecordPhaseDuration(metricsAtEnd, name, durationTicks);
            }
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(EndPhase), ex);
        }
    }

    /// <summary>
    /// The meter's instruments exist: record the phases (and the total) that ended before they did, exactly once, then
    /// let every later phase record its own. Runs on the thread that created them; never throws.
    /// </summary>
    internal void OnInstrumentsCreated(StartupInstruments.Instruments metrics)
    {
        try
        {
            // Parallel arrays rather than a list of tuples: no value-type generic to compile for a one-off.
            string[] names;
            long[] durations;
            var pending = 0;
            bool total;
            lock (_gate)
            {
                if (_metrics is not null)
                {
                    return;
                }

                names = new string[_phaseCount];
                durations = new long[_phaseCount];
                for (var i = 0; i < _phaseCount; i++)
                {
                    ref var record = ref _phases[i];
                    if (record.MetricPending)
                    {
                        record.MetricPending = false;
                        names[pending] = record.Name;
                        durations[pending++] = record.EndTimestamp - record.StartTimestamp;
                    }
                }

                total = _totalMetricPending;
                _totalMetricPending = false;
                Volatile.Write(ref _metrics, metrics);
            }

            for (var i = 0; i < pending; i++)
            {
                RecordPhaseDuration(metrics, names[i], durations[i]);
            }

            if (total)
            {
                RecordTotal(metrics, _pendingTotalMs, _pendingCompleted);
            }
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(OnInstrumentsCreated), ex);
        }
    }

    /// <summary>
    /// Gets the meter's instruments without paying for their creation on the app's thread: under the JIT a short-lived
    /// background thread creates them (~5 ms of first-use time) and replays what ended meanwhile; under Native AOT
    /// creating them costs microseconds, so it happens here.
    /// </summary>
    private void StartInstruments(StartupTimelineOptions options)
    {
        if (!_emitsTelemetry || options.CreateInstrumentsManually)
        {
            return;
        }

        if (StartupInstruments.Created is { } existing)
        {
            _metrics = existing;
            return;
        }

        if (!ProcessInfo.IsJit)
        {
            _metrics = StartupInstruments.Metrics;
            return;
        }

        try
        {
            var thread = new Thread(static state =>
            {
                var timeline = (StartupTimeline)state!;
                try
                {
                    timeline.OnInstrumentsCreated(StartupInstruments.Metrics);
                }
                catch (Exception ex)
                {
                    AuroraInstrumentationEventSource.Log.SwallowedException(nameof(StartInstruments), ex);
                }
            })
            {
                IsBackground = true,
                Name = "Aurora startup meter",
            };

            // No ExecutionContext: the thread must not inherit the app's Activity.Current or AsyncLocals.
            thread.UnsafeStart(this);
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(StartInstruments), ex);
            _metrics = StartupInstruments.Metrics;
        }
    }

    private void RecordPhaseDuration(StartupInstruments.Instruments metrics, string name, long durationTicks)
    {
        if (metrics.PhaseDuration.Enabled)
        {
            metrics.PhaseDuration.Record(
                ToMilliseconds(durationTicks) / 1000.0,
                new KeyValuePair<string, object?>(StartupAttributes.Command, Command),
                new KeyValuePair<string, object?>(StartupAttributes.Phase, name));
        }
    }

    private void RecordTotal(StartupInstruments.Instruments metrics, double totalMs, bool completed)
    {
        if (metrics.Duration.Enabled)
        {
            metrics.Duration.Record(
                totalMs / 1000.0,
                new KeyValuePair<string, object?>(StartupAttributes.Command, Command),
                new KeyValuePair<string, object?>(StartupAttributes.Completed, BoxedValues.Of(completed)));
        }
    }

    /// <summary>Strict mode, at the end of the run: one summary line and the exit code CI checks.</summary>
    private void ApplyBudgetVerdict()
    {
        if (_budgets is not { Failed: true } budgets)
        {
            return;
        }

        var why = budgets.ErrorOverruns > 0
            ? budgets.ErrorOverruns.ToString(System.Globalization.CultureInfo.InvariantCulture) + " error-level budget overrun(s)" + (budgets.BudgetFileBroken ? " and a broken budget file" : string.Empty)
            : "a broken budget file";
        _messages.Write(new StartupMessage(StartupMessageLevel.Error, "strict budget mode: " + why + "; exit code " + BudgetFailureExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        _setExitCode(BudgetFailureExitCode);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private PhaseScope Begin(string phase, bool background)
    {
        Guard.ThrowIfNullOrWhiteSpace(phase);

        // Whether anything would see the phase, checked per phase so that a listener attached after Start (a host
        // building its tracer provider) sees the phases that follow. The listener check is reused for the span below.
        var listened = _emitsTelemetry && StartupInstruments.Source.HasListeners();
        if (!listened && !_recordsUnobserved && !(Volatile.Read(ref _metrics)?.PhaseDuration.Enabled ?? false))
        {
            // Nobody would see the phase: no clock read, no record, no span. This is the production cost with telemetry off.
            return default;
        }

        var now = Now();
        var began = _timeIsStopwatch ? now : Stopwatch.GetTimestamp();
        var counters = RuntimeCounters.Capture(_assemblies.Count);
        ResolvedPhase resolved;
        int index;
        lock (_gate)
        {
            resolved = _names.Resolve(phase);
            index = AddRecord(phase, background, now, counters);
            if (index >= 0)
            {
                _phases[index].SpanName = resolved.SpanName;
            }
        }

        if (_writesPhaseEvents && index >= 0)
        {
            AuroraInstrumentationEventSource.Log.PhaseBegan(phase, index, background ? 1 : 0);
        }

        Activity? activity = null;
        try
        {
            // Nobody listening: no Activity, and no need to compute its start time unless a budget watches the phase.
            if (listened || resolved.Budget is not null)
            {
                var startUtcTicks = UtcTicksAt(now);
                if (resolved.Budget is { } budget)
                {
                    _budgets!.OnStarted(budget, startUtcTicks, index);
                }

                activity = listened ? StartPhaseActivity(resolved.SpanName, phase, background, new DateTimeOffset(startUtcTicks, TimeSpan.Zero)) : null;
            }

            if (_spanObserver is not null && index >= 0)
            {
                AssignSpanIds(index, activity, background, enter: !background);
            }
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(BeginPhase), ex);
        }

        AddOverhead(began);
        return new PhaseScope(this, index, activity);
    }

    /// <summary>The explicit parent, else the environment's; either way its trace state held to the W3C limits.</summary>
    private ActivityContext? ResolveParent(StartupTimelineOptions options)
        => options.Parent is { } parent
            ? EnvironmentTraceParent.WithCheckedState(parent, parent.TraceState, nameof(StartupTimelineOptions) + "." + nameof(StartupTimelineOptions.Parent), _messages)
            : EnvironmentTraceParent.Read(options.GetEnvironmentVariable, _messages);

    private static Activity? StartRootActivity(ActivityContext? parent, DateTimeOffset processStart)
        => StartupInstruments.Source.StartActivity(AuroraStartup.RootSpanName, ActivityKind.Internal, parent ?? default, tags: null, links: null, startTime: processStart);

    private Activity? StartPhaseActivity(string spanName, string phase, bool background, DateTimeOffset startTime)
    {
        // Background work and phases on threads that never saw the root are parented to the root explicitly;
        // a phase nested in another phase of this trace keeps its natural parent.
        var root = RootActivity;
        var parent = default(ActivityContext);
        if (root is not null && (background || Activity.Current?.TraceId != root.TraceId))
        {
            parent = root.Context;
        }

        var activity = StartupInstruments.Source.StartActivity(spanName, ActivityKind.Internal, parent, tags: null, links: null, startTime);
        if (activity is { IsAllDataRequested: true })
        {
            // Fresh activity: AddTag skips SetTag's search for an existing key.
            activity.AddTag(StartupAttributes.Phase, phase);
            activity.AddTag(StartupAttributes.PhaseBackground, BoxedValues.Of(background));
        }

        return activity;
    }

    private void TagEndedPhase(Activity activity, long now, long startTimestamp, in RuntimeCounters delta, long lazyWait)
    {
        if (activity.IsAllDataRequested)
        {
            activity.AddTag(StartupAttributes.JitMethods, delta.JitMethods);
            activity.AddTag(StartupAttributes.JitTimeMs, TimeSpan.FromTicks(delta.JitTicks).TotalMilliseconds);
            activity.AddTag(StartupAttributes.AssembliesLoaded, delta.AssembliesLoaded);
            activity.AddTag(StartupAttributes.GcAllocatedBytes, delta.AllocatedBytes);
            if (lazyWait >= 0)
            {
                activity.AddTag(StartupAttributes.LazyWaitMs, ToMilliseconds(lazyWait));
            }

            if (_assemblies.RecordsNames)
            {
                foreach (var name in _assemblies.NamesBetween(startTimestamp, now))
                {
                    activity.AddEvent(new ActivityEvent(StartupAttributes.AssemblyLoadEvent, tags: new ActivityTagsCollection { [StartupAttributes.AssemblyName] = name }));
                }
            }
        }

        activity.SetEndTime(new DateTime(UtcTicksAt(now), DateTimeKind.Utc));
    }

    /// <summary>Stop() makes the activity's parent current only when it is current; keep whatever else is current.</summary>
    private static void StopKeepingCurrent(Activity activity)
    {
        var current = Activity.Current;
        activity.Stop();
        if (current != activity)
        {
            Activity.Current = current;
        }
    }

    private void RecordRuntimePhase(long end, RuntimeCounters endCounters)
    {
        // Everything before this call (host start, runtime init, Main's own JIT) is the runtime phase.
        var runtimeStart = default(RuntimeCounters);
        const string spanName = AuroraStartup.PhaseSpanPrefix + StartupPhases.Runtime;
        int index;
        lock (_gate)
        {
            index = AddRecord(StartupPhases.Runtime, background: false, _processStartTimestamp, runtimeStart);
            _phases[index].SpanName = spanName;
        }

        var activity = _emitsTelemetry && StartupInstruments.Source.HasListeners() ? StartPhaseActivity(spanName, StartupPhases.Runtime, background: false, _processStartUtc) : null;
        if (_spanObserver is not null)
        {
            AssignSpanIds(index, activity, background: false, enter: false);
        }

        // The runtime phase is over before it is recorded: there is nothing to watch live, only a verdict to give.
        if (_budgets?.Find(spanName) is { } budget)
        {
            _budgets.OnStarted(budget, _processStartUtc.UtcTicks, index, watchLive: false);
        }

        EndPhaseCore(index, activity, end, in endCounters);
    }

    private void EndRoot(long now, bool completed)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        var began = Stopwatch.GetTimestamp();
        var total = ToMilliseconds(now - _processStartTimestamp);
        try
        {
            var root = RootActivity;
            if (root is not null)
            {
                if (root.IsAllDataRequested)
                {
                    root.SetTag(StartupAttributes.Completed, BoxedValues.Of(completed));
                    if (completed)
                    {
                        root.SetTag(StartupAttributes.Milestone, _milestone);
                    }

                    root.SetTag(StartupAttributes.OverheadMs, Overhead.TotalMilliseconds);
                }

                root.SetEndTime(new DateTime(UtcTicksAt(now), DateTimeKind.Utc));
            }

            if (_budgets is not null && _budgets.OnEnding(index: -1, ToTimeSpan(now - _processStartTimestamp), root, out var budgetMs, out var exceeded))
            {
                TotalBudgetMs = budgetMs;
                TotalBudgetExceeded = exceeded;
            }

            if (_spanObserver is not null)
            {
                FinishRecordedRoot(now, completed);
            }

            if (root is not null)
            {
                StopKeepingCurrent(root);
            }

            StartupInstruments.Instruments? metrics;
            lock (_gate)
            {
                metrics = _metrics;
                if (metrics is null)
                {
                    _totalMetricPending = true;
                    _pendingTotalMs = total;
                    _pendingCompleted = completed;
                }
            }

            if (metrics is not null)
            {
                RecordTotal(metrics, total, completed);
            }
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(EndRoot), ex);
        }

        AddOverhead(began);
    }

    private int AddRecord(string phase, bool background, long startTimestamp, in RuntimeCounters startCounters)
    {
        if (_phaseCount >= MaxRecordedPhases)
        {
            if (!_phaseLimitReported)
            {
                _phaseLimitReported = true;
                _messages.Write(new StartupMessage(StartupMessageLevel.Warning, $"more than {MaxRecordedPhases} phases: later phases are traced but not kept for the report", phase));
            }

            return -1;
        }

        if (_phaseCount == _phases.Length)
        {
            Array.Resize(ref _phases, _phases.Length * 2);
        }

        // Filled in place: a record is ~130 bytes, and an initialiser would build it on the stack and copy it.
        var index = _phaseCount++;
        ref var record = ref _phases[index];
        record = default;
        record.Name = phase;
        record.Background = background;
        record.StartTimestamp = startTimestamp;
        record.StartCounters = startCounters;
        record.LazyWaitTimestampTicks = -1;
        return index;
    }

    private PhaseReport ToReport(in PhaseRecord record)
    {
        var end = record.EndTimestamp;
        var hasLazy = record.LazyWaitTimestampTicks >= 0;
        return new PhaseReport
        {
            Name = record.Name,
            StartMs = ToMilliseconds(record.StartTimestamp - _processStartTimestamp),
            DurationMs = end == 0 ? ToMilliseconds(Now() - record.StartTimestamp) : ToMilliseconds(end - record.StartTimestamp),
            Completed = end != 0,
            Background = record.Background,
            BudgetMs = record.BudgetMs,
            Exceeded = record.BudgetExceeded,
            JitMethods = record.Delta.JitMethods,
            JitTimeMs = TimeSpan.FromTicks(record.Delta.JitTicks).TotalMilliseconds,
            AssembliesLoaded = record.Delta.AssembliesLoaded,
            AllocatedBytes = record.Delta.AllocatedBytes,
            LazyWaitMs = hasLazy ? ToMilliseconds(record.LazyWaitTimestampTicks) : null,
            LazyWaiters = hasLazy ? record.LazyWaiters : 0,
        };
    }

    /// <summary>The system clock's virtual GetTimestamp costs twice a direct Stopwatch read on some hosts; skip it when they are the same clock.</summary>
    private long Now() => _timeIsStopwatch ? Stopwatch.GetTimestamp() : _time.GetTimestamp();

    private TimeSpan ToTimeSpan(long timestampTicks) => TimeSpan.FromTicks((long)Math.Round(timestampTicks * _utcTicksPerTimestampTick));

    /// <summary>A timestamp as UTC ticks: integer and double arithmetic only, no <see cref="DateTimeOffset"/> on the budget path.</summary>
    private long UtcTicksAt(long timestamp)
        => _processStartUtc.UtcTicks + (long)Math.Round((timestamp - _processStartTimestamp) * _utcTicksPerTimestampTick);

    private void AddOverhead(long stopwatchBegan)
        => Interlocked.Add(ref _overheadStopwatchTicks, Stopwatch.GetTimestamp() - stopwatchBegan);
}
