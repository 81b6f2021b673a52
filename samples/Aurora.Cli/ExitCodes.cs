namespace Aurora.Cli;

/// <summary>The process exit codes of <c>aur</c> (documented in README.md; tests and CI scripts rely on them).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command line could not be parsed (System.CommandLine's own code).</summary>
    public const int Usage = 1;

    /// <summary>The workspace could not be created or read (not writable, not a directory, …).</summary>
    public const int Workspace = 2;

    /// <summary>
    /// <c>AURORA_BUDGET_MODE=strict</c> and an error-level startup budget was exceeded or the budget file is broken
    /// (the library's <see cref="Aurora.Instrumentation.StartupTimeline.BudgetFailureExitCode"/>).
    /// </summary>
    public const int BudgetFailed = Aurora.Instrumentation.StartupTimeline.BudgetFailureExitCode;

    /// <summary>The LLM endpoint refused, timed out or answered with an error, or its settings cannot be used (no endpoint, a key an HTTP header cannot carry).</summary>
    public const int Llm = 4;

    /// <summary>The SQLite store is corrupt, locked by another process or unreadable. Nothing is deleted.</summary>
    public const int Store = 5;

    /// <summary>The workspace's embedding model or agents are unusable (e.g. no valid agent manifest).</summary>
    public const int Model = 6;

    /// <summary>The run was cancelled (Ctrl+C), the shell convention 128 + SIGINT.</summary>
    public const int Cancelled = 130;

    /// <summary>An unexpected failure (a bug): the message names the exception type.</summary>
    public const int Internal = 70;
}
