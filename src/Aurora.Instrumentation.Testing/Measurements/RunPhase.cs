namespace Aurora.Instrumentation.Testing.Measurements;

/// <summary>One phase of one run, keyed as the series are (<c>config</c>, <c>config#2</c>): where it lay on the time axis.</summary>
/// <param name="Name">The key.</param>
/// <param name="StartMs">Its start, in ms from process start.</param>
/// <param name="DurationMs">Its duration.</param>
/// <param name="Background">Whether it ran off the critical path.</param>
internal sealed record RunPhase(string Name, double StartMs, double DurationMs, bool Background)
{
    public double EndMs => StartMs + DurationMs;
}
