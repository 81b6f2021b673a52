namespace Aurora.Startup.Tool.Statistics;

/// <summary>One metric's measurements on both sides of a comparison.</summary>
/// <param name="Metric">Metric name (<c>total</c>, <c>wall</c>, a phase id).</param>
/// <param name="Baseline">Every base value.</param>
/// <param name="Head">Every head value.</param>
/// <param name="Pairs">
/// The values of the interleaved pairs in which both runs measured the metric, or <c>null</c> when the runs were not
/// paired (a <c>bench --baseline</c> from another session).
/// </param>
internal sealed record MetricSamples(string Metric, IReadOnlyList<double> Baseline, IReadOnlyList<double> Head, IReadOnlyList<(double Base, double Head)>? Pairs = null);
