namespace Aurora.Instrumentation;

/// <summary>How serious a message from the instrumentation is.</summary>
public enum StartupMessageLevel
{
    /// <summary>Informational, e.g. a phase summary line.</summary>
    Information,

    /// <summary>Something the user should look at (a budget overrun, a bad setting that fell back to its default).</summary>
    Warning,

    /// <summary>An error-level budget overrun or a broken budget file in strict mode.</summary>
    Error,
}
