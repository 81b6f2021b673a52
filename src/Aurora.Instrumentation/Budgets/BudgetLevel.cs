namespace Aurora.Instrumentation;

/// <summary>What an overrun of a budget means (the <c>level</c> of a budget file entry, after Lighthouse CI assertions).</summary>
public enum BudgetLevel
{
    /// <summary>The budget is switched off: nothing is checked, tagged or reported for it.</summary>
    Off,

    /// <summary>An overrun is reported as a warning (the default).</summary>
    Warn,

    /// <summary>An overrun is reported as an error; in <see cref="BudgetMode.Strict"/> mode it fails the run.</summary>
    Error,
}
