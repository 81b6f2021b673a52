namespace Aurora.Instrumentation.Testing.Measurements;

/// <summary>What a metric measures.</summary>
internal enum MetricKind
{
    /// <summary>A phase's duration from the run report, in ms.</summary>
    Phase,

    /// <summary>Process start → ready (the report's <c>totalMs</c>), in ms.</summary>
    Total,

    /// <summary>Process wall time measured by the tool around the child process, in ms.</summary>
    Wall,

    /// <summary>Peak resident memory of the child process, in bytes.</summary>
    Memory,

    /// <summary>Time before ready that no critical-path phase covers (<see cref="CriticalPath"/>), in ms.</summary>
    Unattributed,

    /// <summary>The instrumentation's own measured cost on the critical path (the report's <c>overheadMs</c>), in ms.</summary>
    Overhead,
}
