namespace Aurora.Instrumentation;

/// <summary>One budget overrun in a <see cref="StartupReport"/>.</summary>
public sealed class BudgetOverrun
{
    /// <summary>The phase id, or <c>total</c> for the root span.</summary>
    public required string Phase { get; init; }

    /// <summary>The budget (before tolerance).</summary>
    public double BudgetMs { get; init; }

    /// <summary>The actual duration (for a live overrun: how long it had run when reported).</summary>
    public double ActualMs { get; init; }

    /// <summary><c>warn</c> or <c>error</c>.</summary>
    public required string Level { get; init; }

    /// <summary>Whether it was reported while the phase was still running.</summary>
    public bool Live { get; init; }
}
