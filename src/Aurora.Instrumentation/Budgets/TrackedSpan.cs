namespace Aurora.Instrumentation.Budgets;

/// <summary>
/// The watch slot of one budgeted phase (or the root). Each phase index has its own slot, filled once when the phase starts and
/// published by <see cref="State"/>; the phase's end and the live-overrun timer settle who reports with one
/// interlocked operation on <see cref="State"/>, so each overrun is reported exactly once.
/// </summary>
internal struct TrackedSpan
{
    public const int Free = 0;
    public const int Running = 1;
    public const int LiveReported = 2;
    public const int Ended = 3;

    public BudgetedSpan Budgeted;
    public long StartUtcTicks;

    /// <summary>The last instant (UTC ticks) still within budget; one tick later it is an overrun.</summary>
    public long DeadlineUtcTicks;
    public int State;
}
