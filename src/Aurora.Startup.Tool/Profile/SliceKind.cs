namespace Aurora.Startup.Tool.Profile;

/// <summary>What a slice of the profile is.</summary>
internal enum SliceKind
{
    /// <summary>A phase of the timeline (<c>runtime</c> included).</summary>
    Phase,

    /// <summary>Before ready, on a thread that ran the startup's own phases, in no phase: time no phase accounts for.</summary>
    Unattributed,

    /// <summary>Before ready, on another thread, in no phase (tiered compilation, the app's own background threads).</summary>
    OtherThreads,

    /// <summary>After the ready milestone, in no phase.</summary>
    AfterReady,

    /// <summary>What the child does only because it is profiled: the runtime's event source and the phase events starting up.</summary>
    Profiler,
}
