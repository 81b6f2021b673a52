using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Statistics;

namespace Aurora.Instrumentation.Testing.Checks;

/// <summary>
/// Checks measured values against the budget file with the core library's own <see cref="BudgetSet"/> and
/// <see cref="Budget.IsExceededBy"/>, so the tool, the in-process checker and dashboards agree on every verdict.
/// </summary>
internal static class BudgetChecker
{
    /// <summary>Verdicts for every value that has a budget (<c>off</c> budgets and phases without one are skipped).</summary>
    /// <param name="budgets">The budgets.</param>
    /// <param name="command">The instrumented command (<c>soar</c>) the values belong to.</param>
    /// <param name="source">What the values are (a report path, "median of 10 runs").</param>
    /// <param name="values">Phase id (or <c>total</c>) and milliseconds.</param>
    public static IReadOnlyList<BudgetVerdict> Check(BudgetSet budgets, string command, string source, IEnumerable<(string Phase, double Ms)> values)
    {
        var verdicts = new List<BudgetVerdict>();
        foreach (var (phase, ms) in values)
        {
            if (budgets.Find(command, phase) is not { } budget || !double.IsFinite(ms))
            {
                continue;
            }

            var exceeded = budget.IsExceededBy(TimeSpan.FromMilliseconds(ms));
            verdicts.Add(new BudgetVerdict(
                source,
                phase,
                ms,
                budget.Limit.TotalMilliseconds,
                budget.Threshold.TotalMilliseconds,
                budget.Level == BudgetLevel.Error ? BudgetVerdict.ErrorLevel : BudgetVerdict.WarnLevel,
                exceeded));
        }

        return verdicts;
    }

    /// <summary>The aggregate of every phase series and of the total, as the values budgets are checked on.</summary>
    public static IEnumerable<(string Phase, double Ms)> AggregatedValues(IEnumerable<MetricSeries> metrics, Aggregate aggregate)
    {
        foreach (var metric in metrics)
        {
            if (metric.Kind == MetricKind.Phase)
            {
                yield return (metric.Name, metric.Summary.Aggregate(aggregate));
            }
            else if (metric.Kind == MetricKind.Total)
            {
                yield return (BudgetSet.Total, metric.Summary.Aggregate(aggregate));
            }
        }
    }

    /// <summary>Every phase of one report (first occurrence of each id) and its total.</summary>
    public static IEnumerable<(string Phase, double Ms)> ValuesOf(StartupReport report)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var phase in report.Phases)
        {
            if (seen.Add(phase.Name))
            {
                yield return (phase.Name, phase.DurationMs);
            }
        }

        yield return (BudgetSet.Total, report.TotalMs);
    }

    /// <summary>Loads a budget file; any error in it is a usage error for a CI guard (it must check what it claims).</summary>
    public static BudgetSet? Load(string path, TextWriter errors)
    {
        if (!File.Exists(path))
        {
            errors.WriteLine($"aurora-startup: budget file '{path}' does not exist");
            return null;
        }

        var result = BudgetSet.Load(path);
        if (result.HasErrors)
        {
            foreach (var error in result.Errors)
            {
                errors.WriteLine("aurora-startup: " + error);
            }

            errors.WriteLine($"aurora-startup: fix the budget file '{path}' ({result.Errors.Count} error(s)); nothing was checked");
            return null;
        }

        return result.Budgets;
    }
}
