namespace Aurora.Instrumentation.Testing.Running;

/// <summary>One run of the measured command.</summary>
internal sealed class RunOutcome
{
    public required RunStatus Status { get; init; }

    /// <summary>Exit code, when the process exited by itself.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Process wall time: Stopwatch from just before start to exit.</summary>
    public double WallMs { get; init; }

    /// <summary>Peak resident set (VmHWM), sampled while the process ran; <c>null</c> when it could not be read.</summary>
    public long? PeakMemoryBytes { get; init; }

    /// <summary>The run's report, when one was read.</summary>
    public StartupReport? Report { get; init; }

    /// <summary>What went wrong, for anything but <see cref="RunStatus.Ok"/>.</summary>
    public string? Error { get; init; }

    public bool IsOk => Status == RunStatus.Ok;
}
