namespace Aurora.Instrumentation.Timeline;

/// <summary>What the timeline keeps of one phase; a struct in a growable array so recording a phase allocates nothing.</summary>
internal struct PhaseRecord
{
    public string Name;
    public bool Background;
    public long StartTimestamp;

    /// <summary>0 while the phase is running.</summary>
    public long EndTimestamp;
    public RuntimeCounters StartCounters;
    public RuntimeCounters Delta;
    public double? BudgetMs;
    public bool BudgetExceeded;

    /// <summary>Total time callers were blocked on this phase's value, in <see cref="TimeProvider"/> timestamp units; -1 when the phase is not a lazy.</summary>
    public long LazyWaitTimestampTicks;
    public int LazyWaiters;

    /// <summary>The phase ended before the meter existed: its duration is recorded when the meter is created.</summary>
    public bool MetricPending;

    /// <summary>The span's name (<c>startup.</c> + the phase id), kept for spans built from records.</summary>
    public string SpanName;

    /// <summary>W3C ids when the timeline builds spans from records (<see cref="StartupTimelineOptions.SpanObserver"/>); else 0.</summary>
    public ulong SpanId;
    public ulong ParentSpanId;

    /// <summary>The budget the phase was checked against, for the attributes and overrun event of a span built later.</summary>
    public Budgets.BudgetedSpan? Budgeted;

    /// <summary>Ended and complete (budget verdict included): a collector may take the span.</summary>
    public bool Final;

    /// <summary>A collector has taken this phase's span.</summary>
    public bool Collected;
}
