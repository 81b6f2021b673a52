namespace Aurora.Startup.Tool.Statistics;

/// <summary>
/// The p-value each verdict direction is decided on. The guard asks a directional question (is head slower?), so the
/// paired test answers it one-sided: <see cref="Slower"/> tests "head slower", <see cref="Faster"/> "head faster", and
/// each direction is Holm-adjusted over the metrics on its own, which keeps the family-wise rate of false "slower"
/// verdicts at α. A two-sided test (Mann–Whitney) puts its one p-value in both.
/// </summary>
/// <param name="Slower">p-value for "head is slower".</param>
/// <param name="Faster">p-value for "head is faster".</param>
internal readonly record struct DirectionalP(double Slower, double Faster)
{
    public static DirectionalP TwoSided(double p) => new(p, p);

    /// <summary>The p-value in the direction a ratio head/base points to (slower when ≥ 1): the one worth printing.</summary>
    public double Toward(double ratio) => ratio >= 1 ? Slower : Faster;
}
