namespace Aurora.Instrumentation.Timeline;

/// <summary>
/// The innermost open phase on the current async flow, for parenting spans built from records (what
/// <see cref="System.Diagnostics.Activity.Current"/> does for activities). A linked list through <see cref="Outer"/>.
/// </summary>
internal sealed class PhaseFrame(StartupTimeline timeline, int index, PhaseFrame? outer)
{
    public StartupTimeline Timeline { get; } = timeline;

    public int Index { get; } = index;

    public PhaseFrame? Outer { get; } = outer;
}
