namespace Aurora.Startup.Tool.Profile;

/// <summary>What a timeline event in the trace says (the <c>Aurora-Instrumentation</c> phase events).</summary>
internal enum PhaseEventKind
{
    Began,
    Ended,
    Ready,
}
