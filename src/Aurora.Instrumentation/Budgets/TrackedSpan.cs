using System.Diagnostics;

namespace Aurora.Instrumentation.Budgets;

/// <summary>A budgeted span that is still running, watched for a live overrun. A struct in an array: tracking allocates nothing.</summary>
internal struct TrackedSpan
{
    public Activity Activity;
    public BudgetedSpan Budgeted;
    public long StartUtcTicks;

    /// <summary>The last instant (UTC ticks) still within budget; one tick later it is an overrun.</summary>
    public long DeadlineUtcTicks;
    public bool LiveReported;
}
