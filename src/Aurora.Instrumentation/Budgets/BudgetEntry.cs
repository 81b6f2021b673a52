namespace Aurora.Instrumentation;

/// <summary>One entry of a <see cref="BudgetSet"/>: the budget of one phase of one command (or of every command).</summary>
public sealed class BudgetEntry
{
    internal BudgetEntry(string command, string phase, Budget budget)
    {
        Command = command;
        Phase = phase;
        Budget = budget;
    }

    /// <summary>The command, or <see cref="BudgetSet.AllCommands"/> (<c>*</c>).</summary>
    public string Command { get; }

    /// <summary>The phase id, or <see cref="BudgetSet.Total"/> (<c>total</c>) for the root span.</summary>
    public string Phase { get; }

    /// <summary>The budget.</summary>
    public Budget Budget { get; }

    /// <summary>The entry as <c>command/phase: budget</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Command + "/" + Phase + ": " + Budget;
}
