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
public sealed class StartupTimeline : IDisposable
{
    /// <summary>
    /// The process exit code of a run that failed its budgets in <see cref="BudgetMode.Strict"/> mode: 3 (1 is the
    /// usual "something failed" and 2 the usual "bad usage", so CI can tell a budget failure apart).
    /// </summary>
    public const int BudgetFailureExitCode = 3;

    private const string ReportVariable = "AURORA_STARTUP_REPORT";

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
    private readonly DateTimeOffset _processStartUtc;
    private readonly long _processStartTimestamp;
    private readonly double _ticksPerMillisecond;
    private readonly Dictionary<string, string> _spanNames = new(StringComparer.Ordinal);
    private readonly (string Phase, string SpanName)[] _recentSpanNames = new (string, string)[16];
    private int _recentSpanNameCount;
    private readonly List<BudgetOverrun> _overruns = [];
    private PhaseRecord[] _phases;
    private int _phaseCount;
    private bool _phaseLimitReported;
    private long _overheadStopwatchTicks;
    private long _readyTimestamp;
    private string? _milestone;
    private int _ended;
    private int _disposed;
    private List<string>? _assembliesBeforeReady;

    private StartupTimeline(string command, StartupTimelineOptions options)
    {
        Command = command;
        _time = options.TimeProvider;
        _timeIsStopwatch = ReferenceEquals(_time, TimeProvider.System);
        _messages = options.MessageSink ?? new StandardErrorMessageSink();
        _setExitCode = options.SetExitCode;
        _reportPath = options.ReportPath ?? NullIfBlank(options.GetEnvironmentVariable(ReportVariable));
        _ticksPerMillisecond = _time.TimestampFrequency / 1000.0;
        _phases = new PhaseRecord[Math.Clamp(options.InitialPhaseCapacity, 4, MaxRecordedPhases)];

        var nowTimestamp = Now();
        var nowUtc = _time.GetUtcNow();
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
        _assemblies = new AssemblyLoadTracker(_time, options.RecordAssemblyLoads);

        // The runtime phase ends here, at the first instrumented line: what follows is the library's own cost.
        var runtimeEndCounters = RuntimeCounters.Capture(_assemblies.Count);

        var parent = options.Parent ?? ReadEnvironmentParent(options.GetEnvironmentVariable, _messages);

        // Initialise System.Diagnostics.DiagnosticSource (~10 ms under JIT the first time) while the budget file parses.
        _ = StartupInstruments.Source;

        // The checker listens before the root starts, so the root (and every phase) exists even when nothing else listens.
        _budgets = BudgetSettings.CreateChecker(this, options, pendingBudgetFile);
        RootActivity = StartupInstruments.Source.StartActivity(AuroraStartup.RootSpanName, ActivityKind.Internal, parent ?? default, tags: null, links: null, startTime: processStart);
        _budgets?.Attach(RootActivity);
        if (RootActivity is { IsAllDataRequested: true } root)
        {
            root.SetTag(StartupAttributes.Command, command);
            root.SetTag(StartupAttributes.ProcessPid, Environment.ProcessId);
            root.SetTag(StartupAttributes.ProcessExecutableName, ProcessInfo.ExecutableName());
            root.SetTag(StartupAttributes.RuntimeMode, RuntimeMode);
        }

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

            if (_reportPath is not null)
            {
                ReportFile.TryWrite(CreateReport(), _reportPath, _messages);
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

    /// <summary>A snapshot of the run so far as a report (DESIGN §3 "Run report").</summary>
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
                TraceId = RootActivity?.TraceId.ToHexString(),
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

    internal double ToMilliseconds(long timestampTicks) => timestampTicks / _ticksPerMillisecond;

    internal void EndPhase(int index, Activity? activity)
    {
        var now = Now();
        var began = _timeIsStopwatch ? now : Stopwatch.GetTimestamp();
        EndPhaseCore(index, activity, now);
        AddOverhead(began);
    }

    private void EndPhaseCore(int index, Activity? activity, long now, RuntimeCounters? countersAtEnd = null)
    {
        var counters = countersAtEnd ?? RuntimeCounters.Capture(_assemblies.Count);
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
            name = record.Name;
            delta = record.Delta;
            startTimestamp = record.StartTimestamp;

            // A lazy records its callers' wait before it ends its phase, so it is final here.
            lazyWait = record.LazyWaitTimestampTicks;
        }

        var durationTicks = now - startTimestamp;
        try
        {
            if (activity is not null)
            {
                StopPhaseActivity(activity, now, startTimestamp, in delta, lazyWait, index);
            }

            var metrics = StartupInstruments.Metrics;
            if (metrics.PhaseDuration.Enabled)
            {
                metrics.PhaseDuration.Record(
                    ToMilliseconds(durationTicks) / 1000.0,
                    new KeyValuePair<string, object?>(StartupAttributes.Command, Command),
                    new KeyValuePair<string, object?>(StartupAttributes.Phase, name));
            }
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(EndPhase), ex);
        }
    }

    private static ActivityContext? ReadEnvironmentParent(Func<string, string?> getVariable, IStartupMessageSink messages)
    {
        if (EnvironmentTraceParent.TryRead(getVariable, out var context, out var problem))
        {
            return context;
        }

        if (problem is not null)
        {
            messages.Write(new StartupMessage(StartupMessageLevel.Warning, problem));
        }

        return null;
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
        var now = Now();
        var began = _timeIsStopwatch ? now : Stopwatch.GetTimestamp();
        var counters = RuntimeCounters.Capture(_assemblies.Count);
        string spanName;
        int index;
        lock (_gate)
        {
            spanName = SpanNameOf(phase);
            index = AddRecord(phase, background, now, counters);
        }

        Activity? activity = null;
        try
        {
            // Nobody listening: no Activity, and no need to compute its start time.
            activity = StartupInstruments.Source.HasListeners() ? StartPhaseActivity(spanName, phase, background, UtcAt(now)) : null;
            if (activity is not null)
            {
                _budgets?.OnStarted(activity, index);
            }
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(BeginPhase), ex);
        }

        AddOverhead(began);
        return new PhaseScope(this, index, activity);
    }

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

    private void StopPhaseActivity(Activity activity, long now, long startTimestamp, in RuntimeCounters delta, long lazyWait, int index)
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

        activity.SetEndTime(UtcAt(now).UtcDateTime);

        // The budget check runs before Stop() so that an exporter exporting synchronously on stop sees its attributes.
        if (_budgets is not null && _budgets.OnEnding(activity, index, out var budgetMs, out var exceeded))
        {
            lock (_gate)
            {
                _phases[index].BudgetMs = budgetMs;
                _phases[index].BudgetExceeded = exceeded;
            }
        }

        // Stop() makes the activity's parent current only when it is current; keep whatever else is current.
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
        int index;
        lock (_gate)
        {
            index = AddRecord(StartupPhases.Runtime, background: false, _processStartTimestamp, runtimeStart);
        }

        var activity = StartPhaseActivity(AuroraStartup.PhaseSpanPrefix + StartupPhases.Runtime, StartupPhases.Runtime, background: false, _processStartUtc);
        if (activity is not null)
        {
            // The runtime phase is over before it is recorded: there is nothing to watch live, only a verdict to give.
            _budgets?.OnStarted(activity, index, watchLive: false);
        }

        EndPhaseCore(index, activity, end, endCounters);
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
            if (RootActivity is { } root)
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

                root.SetEndTime(UtcAt(now).UtcDateTime);
                if (_budgets is not null && _budgets.OnEnding(root, index: -1, out var budgetMs, out var exceeded))
                {
                    TotalBudgetMs = budgetMs;
                    TotalBudgetExceeded = exceeded;
                }

                var current = Activity.Current;
                root.Stop();
                if (current != root)
                {
                    Activity.Current = current;
                }
            }

            var metrics = StartupInstruments.Metrics;
            if (metrics.Duration.Enabled)
            {
                metrics.Duration.Record(
                    total / 1000.0,
                    new KeyValuePair<string, object?>(StartupAttributes.Command, Command),
                    new KeyValuePair<string, object?>(StartupAttributes.Completed, BoxedValues.Of(completed)));
            }
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(EndRoot), ex);
        }

        AddOverhead(began);
    }

    private int AddRecord(string phase, bool background, long startTimestamp, RuntimeCounters startCounters)
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

        var index = _phaseCount++;
        _phases[index] = new PhaseRecord
        {
            Name = phase,
            Background = background,
            StartTimestamp = startTimestamp,
            StartCounters = startCounters,
            LazyWaitTimestampTicks = -1,
        };
        return index;
    }

    private string SpanNameOf(string phase)
    {
        // Phase ids are almost always literals or StartupPhases constants (interned): compare references first,
        // which is several times cheaper than hashing the string.
        for (var i = 0; i < _recentSpanNameCount; i++)
        {
            if (ReferenceEquals(_recentSpanNames[i].Phase, phase))
            {
                return _recentSpanNames[i].SpanName;
            }
        }

        if (!_spanNames.TryGetValue(phase, out var spanName))
        {
            if (!PhaseIds.IsValid(phase))
            {
                _messages.Write(new StartupMessage(StartupMessageLevel.Warning, $"phase id '{phase}' is not lower_snake_case; it is recorded as given", phase));
            }

            spanName = AuroraStartup.PhaseSpanPrefix + phase;
            _spanNames.Add(phase, spanName);
        }

        if (_recentSpanNameCount < _recentSpanNames.Length)
        {
            _recentSpanNames[_recentSpanNameCount++] = (phase, spanName);
        }

        return spanName;
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

    private DateTimeOffset UtcAt(long timestamp)
        => _processStartUtc + TimeSpan.FromMilliseconds(ToMilliseconds(timestamp - _processStartTimestamp));

    private void AddOverhead(long stopwatchBegan)
        => Interlocked.Add(ref _overheadStopwatchTicks, Stopwatch.GetTimestamp() - stopwatchBegan);
}
