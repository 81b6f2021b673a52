using System.Globalization;
using Aurora.Startup.Tool.Bench;
using Aurora.Startup.Tool.Cli;
using Aurora.Startup.Tool.Output;
using Aurora.Startup.Tool.Running;
using Aurora.Startup.Tool.Statistics;

namespace Aurora.Startup.Tool.Compare;

/// <summary><c>compare</c>: base and head interleaved, per metric ratio, CI, Mann–Whitney p and a verdict.</summary>
internal static class CompareCommand
{
    public static async Task<int> ExecuteAsync(CompareSettings settings, ToolConsole console, CancellationToken cancellationToken)
    {
        var schedule = InterleavedSchedule.Build(settings.Warmup, settings.Runs);
        var baseRuns = new List<RunOutcome>();
        var headRuns = new List<RunOutcome>();
        var failures = 0;
        using (var runner = new ChildProcessRunner(settings.Timeout))
        {
            await ProgressDisplay.RunAsync(console, "compare", schedule.Count, async advance =>
            {
                foreach (var run in schedule)
                {
                    var command = run.Side == Side.Base ? settings.Base : settings.Head;
                    var outcome = await runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
                    var label = $"{(run.Warmup ? "warm-up " : string.Empty)}{run.Side.ToString().ToLowerInvariant()} {run.Index + 1}";
                    if (!outcome.IsOk)
                    {
                        console.Warn($"{label}: {RunStatusText.Format(outcome.Status)}: {outcome.Error}");
                        failures += run.Warmup ? 0 : 1;
                    }

                    if (!run.Warmup)
                    {
                        (run.Side == Side.Base ? baseRuns : headRuns).Add(outcome);
                    }

                    advance($"{label}: {DurationText.Milliseconds(outcome.WallMs)}");
                }
            }).ConfigureAwait(false);
        }

        var comparisons = Compare(SeriesBuilder.Build(baseRuns), SeriesBuilder.Build(headRuns), new ComparisonRule(settings.Threshold, settings.Alpha, settings.MinimumDifferenceMs));
        console.WriteLine($"base: {settings.Base.Display}");
        console.WriteLine($"head: {settings.Head.Display}");
        console.WriteLine();
        if (comparisons.Count == 0)
        {
            console.Warn("nothing to compare: no metric was measured on both sides");
            return ExitCodes.MeasurementFailed;
        }

        console.Render(BenchTables.Comparison(
            comparisons,
            $"head vs base — {baseRuns.Count(r => r.IsOk)}+{headRuns.Count(r => r.IsOk)} ok runs interleaved, threshold {Percent(settings.Threshold)}, alpha {settings.Alpha.ToString(CultureInfo.InvariantCulture)}",
            "base median",
            "head median"));
        var slower = comparisons.Where(c => c.Verdict == Verdict.Slower).Select(c => c.Metric).ToList();
        console.WriteLine(slower.Count > 0
            ? $"SLOWER beyond {Percent(settings.Threshold)}: {string.Join(", ", slower)}"
            : $"no significant slowdown beyond {Percent(settings.Threshold)}");
        return ExitCodes.Combine(slower.Count > 0, failures > 0);
    }

    /// <summary>Compares every time metric present on both sides (phases, total, wall), in head's order.</summary>
    public static IReadOnlyList<MetricComparison> Compare(IReadOnlyList<MetricSeries> baseline, IReadOnlyList<MetricSeries> head, ComparisonRule rule)
    {
        var pairs = new List<(string, IReadOnlyList<double>, IReadOnlyList<double>)>();
        foreach (var metric in head.Where(m => m.IsTime))
        {
            var before = baseline.FirstOrDefault(m => string.Equals(m.Name, metric.Name, StringComparison.Ordinal) && m.Kind == metric.Kind);
            if (before is not null)
            {
                pairs.Add((metric.Name, before.Values, metric.Values));
            }
        }

        return rule.CompareAll(pairs);
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
