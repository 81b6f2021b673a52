namespace Aurora.Instrumentation;

/// <summary>Span, event and metric attribute names (contract v1, see docs/conventions.md).</summary>
public static class StartupAttributes
{
    /// <summary>The command being started (<c>soar</c>, <c>goals</c>, …).</summary>
    public const string Command = "aurora.command";

    /// <summary>Process id (OpenTelemetry semantic convention).</summary>
    public const string ProcessPid = "process.pid";

    /// <summary>Executable name (OpenTelemetry semantic convention).</summary>
    public const string ProcessExecutableName = "process.executable.name";

    /// <summary>The ready milestone that ended the root span.</summary>
    public const string Milestone = "aurora.startup.milestone";

    /// <summary>Whether the ready milestone was reached.</summary>
    public const string Completed = "aurora.startup.completed";

    /// <summary><c>jit</c> or <c>aot</c>.</summary>
    public const string RuntimeMode = "aurora.runtime.mode";

    /// <summary>The instrumentation's own measured cost on the critical path, in milliseconds.</summary>
    public const string OverheadMs = "aurora.instrumentation.overhead_ms";

    /// <summary>The phase id.</summary>
    public const string Phase = "aurora.phase";

    /// <summary>Whether the phase ran in the background (off the critical path).</summary>
    public const string PhaseBackground = "aurora.phase.background";

    /// <summary>Methods JIT-compiled during the phase.</summary>
    public const string JitMethods = "aurora.jit.methods";

    /// <summary>Time spent JIT-compiling during the phase, in milliseconds.</summary>
    public const string JitTimeMs = "aurora.jit.time_ms";

    /// <summary>Assemblies loaded during the phase.</summary>
    public const string AssembliesLoaded = "aurora.assemblies.loaded";

    /// <summary>Bytes allocated (process-wide) during the phase.</summary>
    public const string GcAllocatedBytes = "aurora.gc.allocated_bytes";

    /// <summary>How long callers were blocked waiting for a lazy or background value, in milliseconds.</summary>
    public const string LazyWaitMs = "aurora.lazy.wait_ms";

    /// <summary>The budget of the span, in milliseconds.</summary>
    public const string BudgetMs = "aurora.budget.ms";

    /// <summary>Whether the span exceeded its budget.</summary>
    public const string BudgetExceeded = "aurora.budget.exceeded";

    /// <summary>Actual duration on a budget overrun event, in milliseconds.</summary>
    public const string ActualMs = "aurora.actual.ms";

    /// <summary>Budget level (<c>warn</c> or <c>error</c>).</summary>
    public const string BudgetLevel = "aurora.budget.level";

    /// <summary>Name of the span event added on a budget overrun.</summary>
    public const string BudgetOverrunEvent = "aurora.budget.overrun";

    /// <summary>Name of the span event added for each assembly loaded during a phase (opt-in).</summary>
    public const string AssemblyLoadEvent = "aurora.assembly.load";

    /// <summary>Attribute of <see cref="AssemblyLoadEvent"/>: the assembly's simple name.</summary>
    public const string AssemblyName = "aurora.assembly.name";
}
