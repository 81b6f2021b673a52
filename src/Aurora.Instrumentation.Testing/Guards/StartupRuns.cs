using System.Globalization;
using Aurora.Instrumentation.Testing.Checks;
using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Instrumentation.Testing.Statistics;
using Aurora.Instrumentation.Testing.Tables;

namespace Aurora.Instrumentation.Testing;

/// <summary>
/// The measured runs of a <see cref="StartupGuard"/>, and the assertions a startup regression test makes on them. Each
/// assertion decides on the median over the runs (the statistic <c>aurora-startup bench</c> checks budgets on, which one
/// slow run on a busy machine cannot move much), returns the runs so assertions chain, and throws
/// <see cref="StartupGuardException"/> — with what failed and the per-phase table — when it fails. Every assertion also
/// fails when a run failed: a guard that measured nothing must not pass.
/// </summary>
public sealed class StartupRuns
{
    private readonly IReadOnlyList<RunOutcome> _runs;
    private readonly IReadOnlyList<MetricSeries> _metrics;
    private readonly int _warmup;

    internal StartupRuns(string commandLine, IReadOnlyList<RunOutcome> runs, int warmup)
    {
        CommandLine = commandLine;
        _runs = runs;
        _warmup = warmup;
        _metrics = SeriesBuilder.Build(runs);
        Reports = [.. runs.Where(run => run.IsOk).Select(run => run.Report!)];
        Failures = [.. runs.Select((run, index) => (run, index)).Where(r => !r.run.IsOk).Select(r => $"run {(r.index + 1).ToString(CultureInfo.InvariantCulture)}: {RunStatusText.Format(r.run.Status)}: {r.run.Error}")];
    }

    /// <summary>The command that was run, as one line.</summary>
    public string CommandLine { get; }

    /// <summary>The reports of the runs that succeeded, in run order.</summary>
    public IReadOnlyList<StartupReport> Reports { get; }

    /// <summary>One line per measured run that failed (status and error), in run order; empty when every run succeeded.</summary>
    public IReadOnlyList<string> Failures { get; }

    /// <summary>The per-phase tables of the runs (what <c>aurora-startup bench</c> prints), plain text.</summary>
    public string Table => Render(SummaryTable.Build(_metrics, Reports.Count, _runs.Count, _warmup), PhaseCountersTable.Build(_metrics));

    /// <summary>The median duration of a phase over the runs that had it, or of <c>total</c> (process start → ready).</summary>
    /// <param name="phase">A phase id, or <see cref="BudgetSet.Total"/>.</param>
    /// <returns>Milliseconds, or <c>null</c> when no run measured it.</returns>
    public double? MedianMs(string phase)
    {
        ArgumentNullException.ThrowIfNull(phase);
        var kind = phase == BudgetSet.Total ? MetricKind.Total : MetricKind.Phase;
        return _metrics.FirstOrDefault(metric => metric.Kind == kind && metric.Name == phase)?.Summary.Median;
    }

    /// <summary>
    /// Asserts the budgets of a budget file (the app's own <c>aurora.budgets.json</c>, read by the core's parser) on the
    /// median of each phase and of the total, for the command the runs reported. As in <c>aurora-startup bench</c>,
    /// only overruns of <paramref name="failAt"/> level or above fail; the others are listed in the message of a failure.
    /// </summary>
    /// <param name="budgetFile">The budget file. A file with errors fails the assertion: it is never half-checked.</param>
    /// <param name="failAt">The lowest budget level whose overrun fails: <see cref="BudgetLevel.Error"/> (default) or <see cref="BudgetLevel.Warn"/> (every overrun).</param>
    /// <returns>These runs.</returns>
    public StartupRuns AssertWithinBudgets(string budgetFile, BudgetLevel failAt = BudgetLevel.Error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(budgetFile);
        EnsureMeasured($"within the budgets of {budgetFile}");
        if (!File.Exists(budgetFile))
        {
            throw Fail($"the budget file {budgetFile} does not exist");
        }

        var loaded = BudgetSet.Load(budgetFile);
        if (loaded.HasErrors)
        {
            throw Fail($"the budget file {budgetFile} has {loaded.Errors.Count.ToString(CultureInfo.InvariantCulture)} error(s), so nothing was checked:", loaded.Errors.Select(error => error.ToString()));
        }

        var command = Reports[0].Command;
        var verdicts = BudgetChecker.Check(loaded.Budgets, command, $"median of {Reports.Count.ToString(CultureInfo.InvariantCulture)} runs", BudgetChecker.AggregatedValues(_metrics, Aggregate.Median));
        if (verdicts.Count == 0)
        {
            throw Fail($"no budget in {budgetFile} applies to command '{command}': the guard would check nothing");
        }

        var failing = verdicts.Where(verdict => verdict.Exceeded && LevelOf(verdict) >= MinimumLevel(failAt)).ToList();
        if (failing.Count > 0)
        {
            throw Fail(
                $"{failing.Count.ToString(CultureInfo.InvariantCulture)} startup budget(s) of '{command}' exceeded:",
                failing.Select(v => $"{v.Phase}: median {DurationText.Milliseconds(v.ActualMs)} > {DurationText.Milliseconds(v.AllowedMs)} allowed ({v.Level} budget {DurationText.Milliseconds(v.BudgetMs)})"),
                BudgetTable.Build(verdicts, $"budgets from {budgetFile} (checked on the median)"));
        }

        return this;
    }

    /// <summary>
    /// Asserts that no run loaded <paramref name="assemblyName"/> before ready, counted from process start (what the
    /// host and the JIT loaded before <c>StartupTimeline.Start</c> included): the .NET form of "no heavy imports at module
    /// level". A trailing <c>*</c> matches a prefix (<c>OpenTelemetry*</c>: the SDK and its exporters).
    /// </summary>
    /// <param name="assemblyName">A simple assembly name (case-insensitive), e.g. <c>Microsoft.ML.OnnxRuntime</c>.</param>
    /// <returns>These runs.</returns>
    public StartupRuns AssertNotLoadedBeforeReady(string assemblyName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assemblyName);
        EnsureMeasured($"{assemblyName} not loaded before ready");
        if (Reports.All(report => report.AssembliesLoadedBeforeReady.Count == 0))
        {
            throw Fail("the runs named no assembly loaded before ready, so nothing could be checked (the app must use Aurora.Instrumentation's StartupTimeline with AURORA_RECORD_ASSEMBLY_LOADS honoured, and mark ready; under Native AOT no assembly is loaded)");
        }

        var prefix = assemblyName.EndsWith('*');
        var name = prefix ? assemblyName[..^1] : assemblyName;
        bool Matches(string loaded) => prefix ? loaded.StartsWith(name, StringComparison.OrdinalIgnoreCase) : loaded.Equals(name, StringComparison.OrdinalIgnoreCase);
        var offending = Reports
            .Select((report, index) => (Index: index, Names: report.AssembliesLoadedBeforeReady.Where(Matches).Distinct(StringComparer.Ordinal).ToList()))
            .Where(run => run.Names.Count > 0)
            .ToList();
        if (offending.Count > 0)
        {
            var names = offending.SelectMany(run => run.Names).Distinct(StringComparer.Ordinal);
            throw Fail($"{string.Join(", ", names)} loaded before ready in {offending.Count.ToString(CultureInfo.InvariantCulture)} of {Reports.Count.ToString(CultureInfo.InvariantCulture)} runs (move its first use into a lazy or a background load, and keep its types out of the signatures of code that runs before ready)");
        }

        return this;
    }

    /// <summary>
    /// Asserts that a background phase (a <c>StartBackgroundLoad</c>) stayed off the critical path: the median over the
    /// runs of its hidden share — the part of its duration nobody waited for, <see cref="PhaseReport.HiddenPercent"/> —
    /// is at least <paramref name="atLeastPercent"/>.
    /// </summary>
    /// <param name="phase">The background phase, e.g. <c>model_load</c>.</param>
    /// <param name="atLeastPercent">0–100, e.g. 95.</param>
    /// <returns>These runs.</returns>
    public StartupRuns AssertHidden(string phase, double atLeastPercent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phase);
        ArgumentOutOfRangeException.ThrowIfNegative(atLeastPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(atLeastPercent, 100);
        EnsureMeasured($"{phase} hidden ≥ {atLeastPercent.ToString(CultureInfo.InvariantCulture)} %");
        var shares = new List<double>();
        foreach (var report in Reports)
        {
            var found = report.FindPhase(phase);
            if (found is null)
            {
                throw Fail($"phase '{phase}' is missing from a run");
            }

            if (found.HiddenPercent is not { } hidden)
            {
                throw Fail($"phase '{phase}' has no hidden share: it is not a background load (StartBackgroundLoad), or nothing waited for its value");
            }

            shares.Add(hidden);
        }

        var median = SampleSummary.MedianOf(shares);
        if (median < atLeastPercent)
        {
            throw Fail($"{phase} was {Percent(median)} hidden (median of {shares.Count.ToString(CultureInfo.InvariantCulture)} runs: {string.Join(", ", shares.Select(Percent))}), less than {Percent(atLeastPercent)}: callers waited for it (start it earlier, ask for its value later)");
        }

        return this;
    }

    /// <inheritdoc/>
    public override string ToString() => CommandLine + Environment.NewLine + Table;

    private static string Percent(double value) => value.ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static BudgetLevel LevelOf(BudgetVerdict verdict) => verdict.Level == BudgetVerdict.ErrorLevel ? BudgetLevel.Error : BudgetLevel.Warn;

    private static BudgetLevel MinimumLevel(BudgetLevel failAt) => failAt == BudgetLevel.Off ? BudgetLevel.Warn : failAt;

    private static string Render(params TextTable[] tables)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var table in tables.Where(table => table.Rows.Count > 0))
        {
            PlainTableRenderer.Render(table, text);
        }

        return text.ToString();
    }

    private void EnsureMeasured(string what)
    {
        if (Failures.Count > 0 || Reports.Count == 0)
        {
            throw Fail($"could not check {what}: {Failures.Count.ToString(CultureInfo.InvariantCulture)} of {_runs.Count.ToString(CultureInfo.InvariantCulture)} runs failed", Failures);
        }
    }

    private StartupGuardException Fail(string what, IEnumerable<string>? details = null, TextTable? table = null)
    {
        using var message = new StringWriter(CultureInfo.InvariantCulture);
        message.WriteLine($"startup guard failed for {CommandLine}: {what}");
        foreach (var detail in details ?? [])
        {
            message.WriteLine("  " + detail);
        }

        message.WriteLine();
        if (table is not null)
        {
            PlainTableRenderer.Render(table, message);
        }

        message.Write(Table);
        return new StartupGuardException(message.ToString().TrimEnd());
    }
}
