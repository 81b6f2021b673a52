namespace Aurora.Startup.Tool.Profile;

/// <summary>
/// A phase began or ended, or the timeline became ready, on <paramref name="Thread"/> at <paramref name="TimeMs"/>.
/// <paramref name="Frames"/> is the stack the event was written from (root first; empty when not walked).
/// </summary>
internal sealed record PhaseEvent(
    PhaseEventKind Kind,
    string Name,
    int Index,
    bool Background,
    int Thread,
    double TimeMs,
    IReadOnlyList<string> Frames);
