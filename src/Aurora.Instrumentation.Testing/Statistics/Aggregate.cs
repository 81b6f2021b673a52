namespace Aurora.Instrumentation.Testing.Statistics;

/// <summary>Which statistic of the runs a budget is checked against (Lighthouse-style assertion aggregation).</summary>
internal enum Aggregate
{
    Median,
    P95,
    Mean,
    Min,
    Max,
}
