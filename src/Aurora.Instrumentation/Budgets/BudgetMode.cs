namespace Aurora.Instrumentation;

/// <summary>How the budget checker acts on what it finds (<c>AURORA_BUDGET_MODE</c>).</summary>
public enum BudgetMode
{
    /// <summary>Report overruns and budget file errors; never change the outcome of the run (the default).</summary>
    Warn,

    /// <summary>
    /// Report like <see cref="Warn"/>, and an <see cref="BudgetLevel.Error"/>-level overrun or a broken budget file makes
    /// the process exit with <see cref="StartupTimeline.BudgetFailureExitCode"/>. For CI smoke runs.
    /// </summary>
    Strict,

    /// <summary>No budget checking at all; the budget file is not even read.</summary>
    Off,
}
