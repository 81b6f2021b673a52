namespace Aurora.Instrumentation.Budgets;

/// <summary>The effective budget of one span name for the checker's command, resolved once so the per-phase check is a lookup.</summary>
internal sealed class BudgetedSpan
{
    public BudgetedSpan(string phase, Budget budget)
    {
        Phase = phase;
        Budget = budget;
    }

    /// <summary>The phase id, or <c>total</c> for the root span.</summary>
    public string Phase { get; }

    public Budget Budget { get; }
}
