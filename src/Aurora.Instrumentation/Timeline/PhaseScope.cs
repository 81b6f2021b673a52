using System.Diagnostics;

namespace Aurora.Instrumentation;

/// <summary>
/// An open phase. Dispose it (a <c>using</c> declaration) to end the phase. A default instance does nothing.
/// </summary>
public readonly struct PhaseScope : IDisposable, IEquatable<PhaseScope>
{
    private readonly StartupTimeline? _timeline;
    private readonly int _index;

    internal PhaseScope(StartupTimeline timeline, int index, Activity? activity)
    {
        _timeline = timeline;
        _index = index;
        Activity = activity;
    }

    /// <summary>The phase's span, or <c>null</c> when nothing listens to <see cref="AuroraStartup.SourceName"/>.</summary>
    public Activity? Activity { get; }

    internal int Index => _index;

    internal StartupTimeline? Timeline => _timeline;

    /// <summary>Ends the phase (idempotent).</summary>
    public void Dispose() => _timeline?.EndPhase(_index, Activity);

    /// <inheritdoc />
    public bool Equals(PhaseScope other) => ReferenceEquals(_timeline, other._timeline) && _index == other._index;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PhaseScope other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_timeline, _index);

    /// <summary>Compares two scopes.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they denote the same phase.</returns>
    public static bool operator ==(PhaseScope left, PhaseScope right) => left.Equals(right);

    /// <summary>Compares two scopes.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether they denote different phases.</returns>
    public static bool operator !=(PhaseScope left, PhaseScope right) => !left.Equals(right);
}
