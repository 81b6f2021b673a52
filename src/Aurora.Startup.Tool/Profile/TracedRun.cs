using Aurora.Instrumentation.Testing.Running;

namespace Aurora.Startup.Tool.Profile;

/// <summary>One run of the command under the profiler: how the process ended, and the trace when there is one.</summary>
internal sealed class TracedRun
{
    public required RunOutcome Outcome { get; init; }

    /// <summary>The run's <c>.nettrace</c> file, when the runtime connected and a session ran.</summary>
    public string? TracePath { get; init; }

    /// <summary>Whether the child's runtime connected to the profiler's diagnostic port.</summary>
    public bool Connected { get; init; }

    /// <summary>Why there is no usable trace, when there is none.</summary>
    public string? Error { get; init; }
}
