using System.Globalization;
using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Startup.Tool.Bench;
using Aurora.Startup.Tool.Cli;
using Aurora.Startup.Tool.Export;
using Aurora.Startup.Tool.Output;
using Aurora.Startup.Tool.Statistics;

namespace Aurora.Startup.Tool.Compare;

/// <summary>
/// <c>compare</c>: base and head interleaved in pairs; per metric a ratio, its CI, a p-value (paired Wilcoxon
/// signed-rank on the pairs, Mann–Whitney when too few pairs are complete) and a verdict.
/// </summary>
internal static class CompareCommand
{
    public static async Task<int> ExecuteAsync(CompareSettings settings, ToolConsole console, CancellationToken cancellationToken)
    {
        var schedule = InterleavedSchedule.Build(settings.Warmup, settings.Runs);
        var createdAt = DateTimeOffset.UtcNow;
        var runs = new List<ComparedRun>(schedule.Count);

        // Indexed by pair: a series built from these keeps the pair index of each value, which is what pairs them.
        var baseRuns = new RunOutcome[settings.Runs];
        var headRuns = new RunOutcome[settings.Runs];
        var failures = 0;
        using (var runner = new ChildProcessRunner(settings.Timeout))
        {
            await ProgressDisplay.RunAsync(console, "compare", schedule.Count, async advance =>
            {
                for (var position = 0; position < schedule.Count; position++)
                {
                    var run = schedule[position];
                    var command = run.Side == Side.Base ? settings.Base : settings.Head;
                    var outcome = await runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
                    var label = $"{(run.Warmup ? "warm-up " : string.Empty)}{run.Side.ToString().ToLowerInvariant()} {run.Index + 1}";
                    if (!outcome.IsOk)
                    {
                        console.Warn($"{label}: {RunStatusText.Format(outcome.Status)}: {outcome.Error}");
                        failures += run.Warmup ? 0 : 1;
                    }

                    // The schedule is a sequence of pairs, so the first run of a pair sits at an even position.
                    runs.Add(new ComparedRun(run, position % 2 == 0, outcome));
                    if (!run.Warmup)
                    {
                        (run.Side == Side.Base ? baseRuns : headRuns)[run.Index] = outcome;
                    }

                    advance($"{label}: {DurationText.Milliseconds(outcome.WallMs)}");
                }
            }).ConfigureAwait(false);
        }

        var rule = new ComparisonRule(settings.Threshold, settings.Alpha, settings.MinimumDifferenceMs);
        var comparisons = Compare(SeriesBuilder.Build(baseRuns), SeriesBuilder.Build(headRuns), rule);
        var result = new CompareResult { Settings = settings, CreatedAt = createdAt, Runs = runs, Comparisons = comparisons };
        console.WriteLine($"base: {settings.Base.Display}");
        console.WriteLine($"head: {settings.Head.Display}");
        console.WriteLine();
        if (comparisons.Count == 0)
        {
            console.Warn("nothing to compare: no metric was measured on both sides");
            ExportFile.TryWrite(settings.JsonPath, "JSON", path => CompareJson.WriteFile(result, path), console);
            return ExitCodes.MeasurementFailed;
        }

        var completePairs = Enumerable.Range(0, settings.Runs).Count(i => baseRuns[i].IsOk && headRuns[i].IsOk);
        console.Render(BenchTables.Comparison(
            comparisons,
            rule,
            $"head vs base — {baseRuns.Count(r => r.IsOk)}+{headRuns.Count(r => r.IsOk)} ok runs in {completePairs} complete interleaved pairs, threshold {VerdictText.Percent(settings.Threshold)}, alpha {settings.Alpha.ToString(CultureInfo.InvariantCulture)}",
            "base median",
            "head median"));
        foreach (var note in Notes(comparisons))
        {
            console.WriteLine(note);
        }

        console.WriteLine();
        var slower = comparisons.Where(c => c.Verdict == Verdict.Slower).Select(c => c.Metric).ToList();
        console.WriteLine(slower.Count > 0
            ? $"SLOWER beyond {VerdictText.Percent(settings.Threshold)}: {string.Join(", ", slower)}"
            : $"no significant slowdown beyond {VerdictText.Percent(settings.Threshold)}");
        var slightly = comparisons.Where(c => c.Verdict == Verdict.SlowerUnderThreshold).Select(c => $"{c.Metric} {BenchTables.Ratio(c.Ratio)}").ToList();
        if (slightly.Count > 0)
        {
            console.WriteLine($"significantly slower, but under the threshold: {string.Join(", ", slightly)}");
        }

        ExportFile.TryWrite(settings.JsonPath, "JSON", path => CompareJson.WriteFile(result, path), console);
        return ExitCodes.Combine(slower.Count > 0, failures > 0);
    }

    /// <summary>
    /// Compares every time metric present on both sides (phases, total, wall), in head's order. When the series carry
    /// pair indexes (<see cref="SeriesBuilder"/> over runs indexed by pair), each metric is compared on its pairs.
    /// </summary>
    public static IReadOnlyList<MetricComparison> Compare(IReadOnlyList<MetricSeries> baseline, IReadOnlyList<MetricSeries> head, ComparisonRule rule)
    {
        var samples = new List<MetricSamples>();
        foreach (var metric in head.Where(m => m.IsCompared))
        {
            var before = baseline.FirstOrDefault(m => string.Equals(m.Name, metric.Name, StringComparison.Ordinal) && m.Kind == metric.Kind);
            if (before is not null)
            {
                samples.Add(new MetricSamples(metric.Name, before.Values, metric.Values, RunPairs.Match(before, metric)));
            }
        }

        return rule.CompareAll(samples);
    }

    /// <summary>What the p and ratio columns are, so that a reader of a CI log need not look it up.</summary>
    private static IEnumerable<string> Notes(IReadOnlyList<MetricComparison> comparisons)
    {
        if (comparisons.Any(c => c.Test == ComparisonTest.WilcoxonSignedRank))
        {
            yield return "paired: p = one-sided Wilcoxon signed-rank test of ln(head/base) over the pairs, in the direction of the ratio, Holm-adjusted per direction; ratio = exp(Hodges–Lehmann estimate).";
        }

        var unpaired = comparisons.Where(c => c.Test == ComparisonTest.MannWhitney).Select(c => c.Metric).ToList();
        if (unpaired.Count == comparisons.Count)
        {
            yield return "unpaired (too few complete pairs, or a 0 ms value): p = two-sided Mann–Whitney U, Holm-adjusted; ratio = median(head)/median(base).";
        }
        else if (unpaired.Count > 0)
        {
            yield return $"unpaired (too few complete pairs, or a 0 ms value), two-sided Mann–Whitney and ratio of medians: {string.Join(", ", unpaired)}.";
        }
    }
}
