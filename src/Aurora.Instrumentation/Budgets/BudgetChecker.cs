using System.Diagnostics;
using Aurora.Instrumentation.Diagnostics;
using Aurora.Instrumentation.Internal;

namespace Aurora.Instrumentation.Budgets;

/// <summary>
/// Compares each phase of one timeline with its budget. The timeline calls it directly — <see cref="OnStarted"/> when a
/// phase opens, <see cref="OnEnding"/> before the phase's span (if any) stops — with the phase's own timestamps, so a
/// budget check needs no span: with budgets and nothing else listening, no <see cref="Activity"/> is created at all
/// (an unrecorded activity would cost ~350–400 ns and 400 B per phase on the build machine for nobody to read). When someone does
/// record the span, <see cref="OnEnding"/> puts the budget attributes and the overrun event on it before it stops, so
/// exporters that export synchronously on stop still see them; it never changes any sampling decision (DESIGN §4).
/// Running phases are watched for live overruns by one shared timer armed for the earliest deadline. A phase's watch
/// slot is indexed by the timeline's phase index and changes state with one interlocked operation, so the per-phase
/// path takes no lock.
/// </summary>
internal sealed class BudgetChecker : IDisposable
{
    /// <summary>The timeline keeps at most this many phases (it reports index -1 beyond); slots come in chunks of 64.</summary>
    private const int IndexedPhases = 4096;
    private const int ChunkSize = 64;

    private readonly StartupTimeline _timeline;
    private readonly BudgetMode _mode;
    private readonly Dictionary<string, BudgetedSpan> _bySpanName;
    private readonly Lock _gate = new();
    private readonly TrackedSpan[]?[] _chunks = new TrackedSpan[]?[IndexedPhases / ChunkSize];
    private readonly TrackedSpan[] _root = new TrackedSpan[1];
    private ITimer? _timer;
    private long _armedDeadlineUtcTicks = long.MaxValue;
    private volatile bool _disposed;
    private int _errorOverruns;

    internal BudgetChecker(StartupTimeline timeline, BudgetMode mode, Dictionary<string, BudgetedSpan> bySpanName, bool budgetFileBroken)
    {
        _timeline = timeline;
        _mode = mode;
        _bySpanName = bySpanName;
        BudgetFileBroken = budgetFileBroken;
        if (bySpanName.Count > 0)
        {
            // The first 64 phases' slots up front: an ordinary startup never allocates on the phase path.
            _chunks[0] = new TrackedSpan[ChunkSize];
        }
    }

    public BudgetMode Mode => _mode;

    /// <summary>Whether the budget file (or settings) had errors.</summary>
    public bool BudgetFileBroken { get; }

    /// <summary>In strict mode: an error-level overrun happened or the budget file was broken.</summary>
    public bool Failed => _mode == BudgetMode.Strict && (BudgetFileBroken || Volatile.Read(ref _errorOverruns) > 0);

    public int ErrorOverruns => Volatile.Read(ref _errorOverruns);

    /// <summary>How many spans have a budget for this command (0: the checker only carries a broken-file verdict).</summary>
    public int BudgetedSpanCount => _bySpanName.Count;

    /// <summary>The timeline started at <paramref name="startUtcTicks"/> (process start): watch its total when it has a budget.</summary>
    public void AttachRoot(long startUtcTicks)
    {
        try
        {
            if (_bySpanName.TryGetValue(AuroraStartup.RootSpanName, out var budgeted))
            {
                Track(ref _root[0], startUtcTicks, budgeted);
            }
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(AttachRoot), ex);
        }
    }

    /// <summary>The budget of the span named <paramref name="spanName"/>, or <c>null</c>; the timeline asks once per phase id.</summary>
    public BudgetedSpan? Find(string spanName) => _bySpanName.GetValueOrDefault(spanName);

    /// <summary>The budget phase <paramref name="index"/> (-1: the root) was checked against once it ended, or <c>null</c>.</summary>
    public BudgetedSpan? EndedBudget(int index)
    {
        var slots = index < 0 ? _root : (uint)index < IndexedPhases ? Volatile.Read(ref _chunks[index / ChunkSize]) : null;
        if (slots is null)
        {
            return null;
        }

        ref var tracked = ref slots[index < 0 ? 0 : index % ChunkSize];
        return Volatile.Read(ref tracked.State) == TrackedSpan.Ended ? tracked.Budgeted : null;
    }

    /// <summary>Budgeted phase <paramref name="index"/> of the timeline started: watch it for a live overrun.</summary>
    public void OnStarted(BudgetedSpan budgeted, long startUtcTicks, int index, bool watchLive = true)
    {
        if ((uint)index >= IndexedPhases)
        {
            return;
        }

        try
        {
            var chunk = Volatile.Read(ref _chunks[index / ChunkSize]) ?? AddChunk(index / ChunkSize);
            Track(ref chunk[index % ChunkSize], startUtcTicks, budgeted, watchLive);
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(OnStarted), ex);
        }
    }

    /// <summary>
    /// A phase (or the root) is ending: compare it with its budget, tag its span when one is recorded, and report an
    /// overrun that was not already reported live. Returns whether the phase has a budget.
    /// </summary>
    /// <param name="index">The timeline's phase index, or -1 for the root.</param>
    /// <param name="duration">The phase's duration.</param>
    /// <param name="activity">The phase's span, its end time set, or <c>null</c> when nothing listens.</param>
    /// <param name="budgetMs">The budget, when there is one.</param>
    /// <param name="exceeded">Whether the span overran it.</param>
    public bool OnEnding(int index, TimeSpan duration, Activity? activity, out double budgetMs, out bool exceeded)
    {
        budgetMs = 0;
        exceeded = false;
        TrackedSpan[]? slots;
        int slot;
        if (index < 0)
        {
            slots = _root;
            slot = 0;
        }
        else if ((uint)index < IndexedPhases)
        {
            slots = Volatile.Read(ref _chunks[index / ChunkSize]);
            slot = index % ChunkSize;
        }
        else
        {
            return false;
        }

        if (slots is null || Volatile.Read(ref slots[slot].State) is not (TrackedSpan.Running or TrackedSpan.LiveReported))
        {
            // The common case for a phase without a budget: two reads, no lookup, no lock.
            return false;
        }

        ref var tracked = ref slots[slot];
        var before = Interlocked.Exchange(ref tracked.State, TrackedSpan.Ended);
        if (before is not (TrackedSpan.Running or TrackedSpan.LiveReported))
        {
            return false;
        }

        var budgeted = tracked.Budgeted;
        var budget = budgeted.Budget;
        budgetMs = budget.LimitMilliseconds;
        exceeded = duration.Ticks > budget.ThresholdTicks;
        try
        {
            if (activity is { IsAllDataRequested: true })
            {
                // Attributes only on spans someone records: on an unrecorded span they would cost an allocation and nobody reads them.
                activity.SetTag(StartupAttributes.BudgetMs, budget.BoxedLimitMilliseconds);
                activity.SetTag(StartupAttributes.BudgetExceeded, BoxedValues.Of(exceeded));
                if (exceeded)
                {
                    AddOverrunEvent(activity, budgeted, duration);
                }
            }

            // A live report was this overrun's one report; the span still gets its attributes and event above.
            if (exceeded && before == TrackedSpan.Running)
            {
                Report(budgeted, duration.TotalMilliseconds, live: false);
            }
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(OnEnding), ex);
        }

        return true;
    }

    public void Dispose()
    {
        ITimer? timer;
        lock (_gate)
        {
            _disposed = true;
            timer = _timer;
            _timer = null;
        }

        timer?.Dispose();
    }

    private static void AddOverrunEvent(Activity activity, BudgetedSpan budgeted, TimeSpan duration)
    {
        var tags = new ActivityTagsCollection
        {
            [StartupAttributes.Phase] = budgeted.Phase,
            [StartupAttributes.BudgetMs] = budgeted.Budget.BoxedLimitMilliseconds,
            [StartupAttributes.ActualMs] = duration.TotalMilliseconds,
            [StartupAttributes.BudgetLevel] = budgeted.Budget.LevelName,
        };
        var at = new DateTimeOffset(activity.StartTimeUtc + duration, TimeSpan.Zero);
        activity.AddEvent(new ActivityEvent(StartupAttributes.BudgetOverrunEvent, at, tags));
    }

    private TrackedSpan[] AddChunk(int chunkIndex)
    {
        lock (_gate)
        {
            var chunk = _chunks[chunkIndex];
            if (chunk is null)
            {
                chunk = new TrackedSpan[ChunkSize];
                Volatile.Write(ref _chunks[chunkIndex], chunk);
            }

            return chunk;
        }
    }

    /// <summary>Fills a slot (each phase index has its own, used once) and publishes it; arms the timer when this deadline is the earliest.</summary>
    private void Track(ref TrackedSpan slot, long startUtcTicks, BudgetedSpan budgeted, bool watchLive = true)
    {
        if (_disposed)
        {
            return;
        }

        var deadline = startUtcTicks + budgeted.Budget.ThresholdTicks;
        slot.Budgeted = budgeted;
        slot.StartUtcTicks = startUtcTicks;
        slot.DeadlineUtcTicks = deadline;
        Volatile.Write(ref slot.State, TrackedSpan.Running);

        if (watchLive && deadline < Volatile.Read(ref _armedDeadlineUtcTicks))
        {
            lock (_gate)
            {
                if (!_disposed && deadline < _armedDeadlineUtcTicks)
                {
                    Arm(deadline, _timeline.Time.GetUtcNow().UtcTicks);
                }
            }
        }
    }

    /// <summary>Arms the one shared timer to fire one tick after <paramref name="deadlineUtcTicks"/>. Called under the gate.</summary>
    private void Arm(long deadlineUtcTicks, long nowUtcTicks)
    {
        Volatile.Write(ref _armedDeadlineUtcTicks, deadlineUtcTicks);

        // Never zero: a fake clock runs a due timer synchronously inside Change, and we hold the gate.
        var due = TimeSpan.FromTicks(Math.Max(1, deadlineUtcTicks + 1 - nowUtcTicks));
        if (_timer is null)
        {
            // No ExecutionContext capture: the callback must not inherit the creating phase's Activity.Current.
            var restore = !ExecutionContext.IsFlowSuppressed();
            var flow = restore ? ExecutionContext.SuppressFlow() : default;
            try
            {
                _timer = _timeline.Time.CreateTimer(static state => ((BudgetChecker)state!).OnTimer(), this, due, Timeout.InfiniteTimeSpan);
            }
            finally
            {
                if (restore)
                {
                    flow.Undo();
                }
            }
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimer()
    {
        try
        {
            List<(BudgetedSpan Budgeted, double ElapsedMs)>? overdue = null;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                var now = _timeline.Time.GetUtcNow().UtcTicks;
                var next = long.MaxValue;
                Scan(_root, now, ref next, ref overdue);
                foreach (var chunk in _chunks)
                {
                    if (chunk is not null)
                    {
                        Scan(chunk, now, ref next, ref overdue);
                    }
                }

                Volatile.Write(ref _armedDeadlineUtcTicks, long.MaxValue);
                if (next != long.MaxValue)
                {
                    Arm(next, now);
                }
            }

            if (overdue is not null)
            {
                foreach (var (budgeted, elapsedMs) in overdue)
                {
                    Report(budgeted, elapsedMs, live: true);
                }
            }
        }
        catch (Exception ex)
        {
            // A timer callback that throws would take the process down.
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(OnTimer), ex);
        }
    }

    /// <summary>Claims every overdue running slot for a live report (a race with the phase's end is settled by one compare-exchange).</summary>
    private static void Scan(TrackedSpan[] slots, long now, ref long next, ref List<(BudgetedSpan, double)>? overdue)
    {
        for (var i = 0; i < slots.Length; i++)
        {
            ref var tracked = ref slots[i];
            if (Volatile.Read(ref tracked.State) != TrackedSpan.Running)
            {
                continue;
            }

            if (now <= tracked.DeadlineUtcTicks)
            {
                next = Math.Min(next, tracked.DeadlineUtcTicks);
            }
            else if (Interlocked.CompareExchange(ref tracked.State, TrackedSpan.LiveReported, TrackedSpan.Running) == TrackedSpan.Running)
            {
                (overdue ??= []).Add((tracked.Budgeted, TimeSpan.FromTicks(now - tracked.StartUtcTicks).TotalMilliseconds));
            }
        }
    }

    /// <summary>Tells the app about one overrun, exactly once: a message, the counter, the run report, the strict verdict.</summary>
    private void Report(BudgetedSpan budgeted, double actualMs, bool live)
    {
        var budget = budgeted.Budget;
        var command = _timeline.Command;
        if (budget.Level == BudgetLevel.Error)
        {
            Interlocked.Increment(ref _errorOverruns);
        }

        try
        {
            var text = live
                ? BudgetMessages.LiveOverrun(command, budgeted.Phase, budget.LimitMilliseconds)
                : BudgetMessages.Overrun(command, budgeted.Phase, actualMs, budget.LimitMilliseconds);
            var level = budget.Level == BudgetLevel.Error ? StartupMessageLevel.Error : StartupMessageLevel.Warning;
            _timeline.Messages.Write(new StartupMessage(level, text, budgeted.Phase));
        }
        catch (Exception ex)
        {
            // The sink is the app's code; its failure must not stop the counter and the report.
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(Report), ex);
        }

        if (_timeline.Instruments?.BudgetOverruns is { Enabled: true } counter)
        {
            counter.Add(
                1,
                new KeyValuePair<string, object?>(StartupAttributes.Command, command),
                new KeyValuePair<string, object?>(StartupAttributes.Phase, budgeted.Phase),
                new KeyValuePair<string, object?>(StartupAttributes.BudgetLevel, budget.LevelName));
        }

        _timeline.RecordOverrun(new BudgetOverrun
        {
            Phase = budgeted.Phase,
            BudgetMs = budget.LimitMilliseconds,
            ActualMs = actualMs,
            Level = budget.LevelName,
            Live = live,
        });
    }
}
