namespace Aurora.Startup.Tool.Profile;

/// <summary>
/// Work the runtime did on one thread between two events: JIT-compiling a method or loading an assembly. Samples taken
/// inside it get <see cref="Frame"/> as their innermost frame.
/// </summary>
/// <param name="Thread">The OS thread id.</param>
/// <param name="StartMs">Start on the trace's clock.</param>
/// <param name="EndMs">End on the trace's clock.</param>
/// <param name="Frame">The frame it shows as: <c>[JIT] Namespace.Type.Method</c> or <c>[load] Assembly</c>.</param>
internal sealed record RuntimeWork(int Thread, double StartMs, double EndMs, string Frame)
{
    public const string JitPrefix = "[JIT] ";
    public const string LoadPrefix = "[load] ";

    public bool IsJit => Frame.StartsWith(JitPrefix, StringComparison.Ordinal);

    public bool IsLoad => Frame.StartsWith(LoadPrefix, StringComparison.Ordinal);

    public double DurationMs => EndMs - StartMs;
}
