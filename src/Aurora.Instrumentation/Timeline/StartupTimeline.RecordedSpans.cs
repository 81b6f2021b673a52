using System.Diagnostics;
using Aurora.Instrumentation.Internal;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation;

/// <summary>
/// Spans built from the timeline's own records (<see cref="StartupTimelineOptions.SpanObserver"/>): the command-line
/// export's path. No <see cref="Activity"/> is needed on the app's thread: the first activity of a process costs
/// ~9 ms even precompiled (its id generator and static state, measured in a bare ReadyToRun app), 10–20 ms more
/// where EventSource is on. The records already hold the phase, its times, counters, lazy wait and budget verdict;
/// in this mode they also hold W3C ids and nesting, and the collector turns them into <see cref="StartupSpanData"/>
/// with the same names, attributes and events an activity would carry.
/// </summary>
public sealed partial class StartupTimeline
{
    /// <summary>
    /// The spans that ended and were not collected yet (the root once it ended), marked collected: each is returned
    /// once. Empty unless the timeline builds spans from records.
    /// </summary>
    internal List<StartupSpanData> CollectEndedSpans() => EndedSpans(collect: true);

    /// <summary>Every span that ended so far, collected or not (tests and the export probe list what a run recorded).</summary>
    internal List<StartupSpanData> SnapshotEndedSpans() => EndedSpans(collect: false);

    private List<StartupSpanData> EndedSpans(bool collect)
    {
        var spans = new List<StartupSpanData>();
        if (_trace is null)
        {
            return spans;
        }

        lock (_gate)
        {
            for (var i = 0; i < _phaseCount; i++)
            {
                ref var record = ref _phases[i];
                if (!record.Final || (collect && record.Collected))
                {
                    continue;
                }

                spans.Add(PhaseSpan(in record, _trace));
                record.Collected |= collect;
            }

            if (_rootFinal && !(collect && _rootCollected))
            {
                spans.Add(RootSpan(_trace));
                _rootCollected |= collect;
            }
        }

        return spans;
    }

    /// <summary>The trace of the spans built from records, or <c>null</c> when the timeline does not build them.</summary>
    internal TraceIdentity? RecordedTrace => _trace;

    /// <summary>The innermost open phase on this async flow (a lazy that runs its work elsewhere puts it back).</summary>
    internal static object? CapturePhaseFrame() => s_currentPhase.Value;

    internal static void RestorePhaseFrame(object? frame) => s_currentPhase.Value = frame as PhaseFrame;

    /// <summary>Makes phase <paramref name="index"/> the parent of the phases this flow opens next (a lazy's factory thread).</summary>
    internal void EnterPhaseFrame(int index)
    {
        if (_spanObserver is not null && index >= 0)
        {
            s_currentPhase.Value = new PhaseFrame(this, index, s_currentPhase.Value);
        }
    }

    /// <summary>
    /// Gives phase <paramref name="index"/> its ids: its activity's when there is one, else new ones, parented like
    /// activities are (to the innermost open phase of this timeline on this flow; background work to the root).
    /// </summary>
    private void AssignSpanIds(int index, Activity? activity, bool background, bool enter)
    {
        var outer = s_currentPhase.Value;
        lock (_gate)
        {
            ref var record = ref _phases[index];
            if (activity is not null)
            {
                record.SpanId = TraceIdentity.ToUInt64(activity.SpanId);
                record.ParentSpanId = TraceIdentity.ToUInt64(activity.ParentSpanId);
            }
            else
            {
                record.SpanId = SpanIds.Next();
                record.ParentSpanId = !background && outer is not null && ReferenceEquals(outer.Timeline, this) && outer.Index < _phaseCount
                    ? _phases[outer.Index].SpanId
                    : _trace!.RootSpanId;
            }
        }

        if (enter)
        {
            s_currentPhase.Value = new PhaseFrame(this, index, outer);
        }
    }

    /// <summary>The phase's record is complete (times, counters, budget): collectable now. Tells the observer.</summary>
    private void FinishRecordedSpan(int index)
    {
        if (s_currentPhase.Value is { } frame && ReferenceEquals(frame.Timeline, this) && frame.Index == index)
        {
            s_currentPhase.Value = frame.Outer;
        }

        lock (_gate)
        {
            _phases[index].Final = true;
        }

        _spanObserver!.OnSpanEnded(this, root: false);
    }

    private void FinishRecordedRoot(long now, bool completed)
    {
        lock (_gate)
        {
            _rootEndTimestamp = now;
            _rootCompleted = completed;
            _rootOverheadMs = Overhead.TotalMilliseconds;
            _rootBudgeted = _budgets?.EndedBudget(-1);
            _rootFinal = true;
        }

        _spanObserver!.OnSpanEnded(this, root: true);
    }

    private StartupSpanData PhaseSpan(in PhaseRecord record, TraceIdentity trace)
    {
        var span = NewSpan(trace, record.SpanName, record.SpanId, record.ParentSpanId, UtcTicksAt(record.StartTimestamp), UtcTicksAt(record.EndTimestamp), isRoot: false);
        var attributes = span.Attributes;
        attributes.Add(new(StartupAttributes.Phase, record.Name));
        attributes.Add(new(StartupAttributes.PhaseBackground, BoxedValues.Of(record.Background)));
        attributes.Add(new(StartupAttributes.JitMethods, record.Delta.JitMethods));
        attributes.Add(new(StartupAttributes.JitTimeMs, TimeSpan.FromTicks(record.Delta.JitTicks).TotalMilliseconds));
        attributes.Add(new(StartupAttributes.AssembliesLoaded, record.Delta.AssembliesLoaded));
        attributes.Add(new(StartupAttributes.GcAllocatedBytes, record.Delta.AllocatedBytes));
        if (record.LazyWaitTimestampTicks >= 0)
        {
            attributes.Add(new(StartupAttributes.LazyWaitMs, ToMilliseconds(record.LazyWaitTimestampTicks)));
        }

        AddBudget(span, record.Budgeted, record.BudgetExceeded, ToTimeSpan(record.EndTimestamp - record.StartTimestamp));
        if (_assemblies.RecordsNames)
        {
            foreach (var name in _assemblies.NamesBetween(record.StartTimestamp, record.EndTimestamp))
            {
                span.AddEvent(new StartupSpanEvent(StartupAttributes.AssemblyLoadEvent, span.EndUtcTicks, [new(StartupAttributes.AssemblyName, name)]));
            }
        }

        return span;
    }

    private StartupSpanData RootSpan(TraceIdentity trace)
    {
        var span = NewSpan(trace, AuroraStartup.RootSpanName, trace.RootSpanId, trace.ParentSpanId, _processStartUtc.UtcTicks, UtcTicksAt(_rootEndTimestamp), isRoot: true);
        var attributes = span.Attributes;
        attributes.Add(new(StartupAttributes.Command, Command));
        attributes.Add(new(StartupAttributes.ProcessPid, Environment.ProcessId));
        attributes.Add(new(StartupAttributes.ProcessExecutableName, ProcessInfo.ExecutableName()));
        attributes.Add(new(StartupAttributes.RuntimeMode, RuntimeMode));
        attributes.Add(new(StartupAttributes.Completed, BoxedValues.Of(_rootCompleted)));
        if (_rootCompleted)
        {
            attributes.Add(new(StartupAttributes.Milestone, _milestone));
        }

        attributes.Add(new(StartupAttributes.OverheadMs, _rootOverheadMs));
        AddBudget(span, _rootBudgeted, TotalBudgetExceeded, ToTimeSpan(_rootEndTimestamp - _processStartTimestamp));
        return span;
    }

    /// <summary>Only the root can have a remote parent (TRACEPARENT); a phase's parent is in this process.</summary>
    private static StartupSpanData NewSpan(TraceIdentity trace, string name, ulong spanId, ulong parentSpanId, long startUtcTicks, long endUtcTicks, bool isRoot)
        => new()
        {
            Name = name,
            TraceIdHigh = trace.TraceIdHigh,
            TraceIdLow = trace.TraceIdLow,
            SpanId = spanId,
            ParentSpanId = parentSpanId,
            HasRemoteParent = isRoot && trace.HasRemoteParent,
            TraceState = trace.TraceState,
            StartUtcTicks = startUtcTicks,
            EndUtcTicks = endUtcTicks,
            IsRoot = isRoot,
        };

    /// <summary>The attributes and overrun event <see cref="Budgets.BudgetChecker"/> puts on a recorded activity.</summary>
    private static void AddBudget(StartupSpanData span, Budgets.BudgetedSpan? budgeted, bool exceeded, TimeSpan duration)
    {
        if (budgeted is null)
        {
            return;
        }

        var budget = budgeted.Budget;
        span.Attributes.Add(new(StartupAttributes.BudgetMs, budget.BoxedLimitMilliseconds));
        span.Attributes.Add(new(StartupAttributes.BudgetExceeded, BoxedValues.Of(exceeded)));
        if (exceeded)
        {
            span.AddEvent(new StartupSpanEvent(
                StartupAttributes.BudgetOverrunEvent,
                span.StartUtcTicks + duration.Ticks,
                [
                    new(StartupAttributes.Phase, budgeted.Phase),
                    new(StartupAttributes.BudgetMs, budget.BoxedLimitMilliseconds),
                    new(StartupAttributes.ActualMs, duration.TotalMilliseconds),
                    new(StartupAttributes.BudgetLevel, budget.LevelName),
                ]));
        }
    }
}
