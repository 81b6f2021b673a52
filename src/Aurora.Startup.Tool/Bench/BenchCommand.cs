using Aurora.Instrumentation;
using Aurora.Instrumentation.Testing.Checks;
using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Instrumentation.Testing.Statistics;
using Aurora.Instrumentation.Testing.Tables;
using Aurora.Startup.Tool.Cli;
using Aurora.Startup.Tool.Export;
using Aurora.Startup.Tool.Output;
using Aurora.Startup.Tool.Statistics;
using Aurora.Startup.Tool.Waterfall;

namespace Aurora.Startup.Tool.Bench;

/// <summary><c>bench</c>: run a command W+N times, summarise, check budgets, compare to a baseline, export.</summary>
internal static class BenchCommand
{
    public static async Task<int> ExecuteAsync(BenchSettings settings, ToolConsole console, CancellationToken cancellationToken)
    {
        BudgetSet? budgets = null;
        if (settings.BudgetsPath is { } budgetsPath && (budgets = BudgetChecker.Load(budgetsPath, console.Error)) is null)
        {
            return ExitCodes.Usage;
        }

        BenchResult? baseline = null;
        if (settings.BaselinePath is { } baselinePath)
        {
            try
            {
                baseline = BenchJson.ReadFile(baselinePath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                console.Warn($"cannot use baseline '{baselinePath}': {ex.Message}");
                return ExitCodes.Usage;
            }
        }

        var records = new List<RunRecord>();
        var measured = new List<RunOutcome>();
        var createdAt = DateTimeOffset.UtcNow;
        using (var runner = new ChildProcessRunner(settings.Timeout))
        {
            var total = settings.Warmup + settings.Runs;
            await ProgressDisplay.RunAsync(console, $"bench {settings.Command.FileName}", total, async advance =>
            {
                for (var i = 0; i < total; i++)
                {
                    var warmup = i < settings.Warmup;
                    var index = warmup ? i : i - settings.Warmup;
                    var outcome = await runner.RunAsync(settings.Command, cancellationToken).ConfigureAwait(false);
                    records.Add(RunRecord.From(index, warmup, outcome));
                    if (!warmup)
                    {
                        measured.Add(outcome);
                    }

                    if (!outcome.IsOk)
                    {
                        console.Warn($"{(warmup ? "warm-up" : "run")} {index + 1}: {RunStatusText.Format(outcome.Status)}: {outcome.Error}");
                    }

                    advance($"{(warmup ? "warm-up" : "run")} {index + 1}: {DurationText.Milliseconds(outcome.WallMs)}");
                }
            }).ConfigureAwait(false);
        }

        var metrics = SeriesBuilder.Build(measured);
        var reportCommand = measured.FirstOrDefault(run => run.Report is not null)?.Report?.Command;
        var verdicts = budgets is not null && reportCommand is not null
            ? BudgetChecker.Check(budgets, reportCommand, $"{AggregateText.Format(settings.Aggregate)} of {(metrics.Count > 0 ? metrics[0].Summary.Count : 0)} runs", BudgetChecker.AggregatedValues(metrics, settings.Aggregate))
            : [];
        var result = new BenchResult
        {
            Command = settings.Command.Display,
            ReportCommand = reportCommand,
            RuntimeMode = measured.FirstOrDefault(run => run.Report is not null)?.Report?.RuntimeMode,
            Runs = settings.Runs,
            Warmup = settings.Warmup,
            Aggregate = settings.Aggregate,
            CreatedAt = createdAt,
            Metrics = metrics,
            Budgets = verdicts,
            RunRecords = records,
        };

        Print(result, console);
        IReadOnlyList<MetricComparison> comparisons = [];
        if (baseline is not null)
        {
            var rule = new ComparisonRule(settings.Threshold);
            comparisons = CompareToBaseline(baseline, result, rule);
            console.Render(BenchTables.Comparison(comparisons, rule, $"against baseline {settings.BaselinePath} ({baseline.CreatedAt:yyyy-MM-dd HH:mm}Z; informational, not interleaved)", "baseline", "now"));
        }

        if (budgets is not null && reportCommand is null)
        {
            console.Warn("no run produced a report, so no budget was checked");
        }

        Export(result, settings, console);
        if (result.OkRuns == 0)
        {
            console.Warn("no run succeeded: nothing was measured");
        }

        return ExitCodes.Combine(verdicts.Any(v => v.IsError), result.FailedRuns > 0);
    }

    public static IReadOnlyList<MetricComparison> CompareToBaseline(BenchResult baseline, BenchResult current, ComparisonRule rule)
    {
        var pairs = new List<(string, IReadOnlyList<double>, IReadOnlyList<double>)>();
        foreach (var metric in current.Metrics.Where(m => m.IsCompared))
        {
            if (baseline.Find(metric.Name) is { } before && before.Kind == metric.Kind)
            {
                pairs.Add((metric.Name, before.Values, metric.Values));
            }
        }

        return rule.CompareAll(pairs);
    }

    private static void Print(BenchResult result, ToolConsole console)
    {
        console.WriteLine($"command: {result.Command}");
        console.WriteLine();
        if (result.Metrics.Count > 0)
        {
            console.Render(SummaryTable.Build(result.Metrics, result.OkRuns, result.Runs, result.Warmup));
            var outliers = result.Metrics.Sum(metric => metric.Summary.Outliers.Count);
            if (outliers > 0)
            {
                console.WriteLine($"{outliers} outlier value(s) flagged by modified z-score > 3.5 (kept in the statistics; #k = run k).");
                console.WriteLine();
            }

            console.WriteLine(BenchTables.RowsNote);
            console.WriteLine();
            var counters = PhaseCountersTable.Build(result.Metrics);
            if (counters.Rows.Count > 0)
            {
                console.Render(counters);
            }
        }

        if (result.RunRecords.Any(run => run.Status != RunStatus.Ok))
        {
            console.Render(BenchTables.Failures(result));
        }

        if (result.Budgets.Count > 0)
        {
            console.Render(BudgetTable.Build(result.Budgets, $"budgets (checked on the {AggregateText.Format(result.Aggregate)})"));
        }
    }

    private static void Export(BenchResult result, BenchSettings settings, ToolConsole console)
    {
        ExportFile.TryWrite(settings.JsonPath, "JSON", path => BenchJson.WriteFile(result, path), console);
        ExportFile.TryWrite(settings.MarkdownPath, "Markdown", path => MarkdownExport.WriteFile(result, path), console);
        ExportFile.TryWrite(settings.CsvPath, "CSV", path => CsvExport.WriteFile(result, path), console);
        ExportFile.TryWrite(settings.SvgPath, "SVG", path => WaterfallSvg.WriteFile(result, path), console);
    }
}
