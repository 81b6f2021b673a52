using System.Globalization;
using System.Text;
using Aurora.Instrumentation.OpenTelemetry.Diagnostics;

namespace Aurora.Instrumentation.OpenTelemetry;

/// <summary>
/// A compact human summary of one run's startup: time to the ready milestone, then each phase with its duration,
/// budget and status (✓ within budget, ⚠ over), background phases marked. Printed on standard error in console
/// mode; apps may print it themselves on every run.
/// </summary>
/// <example>
/// <code>
/// aurora: soar ready (first_llm_call) in 412.3 ms ✓ budget 3000 ms
///   runtime              61.2 ms   ≤ 2000 ms ✓
///   config               12.0 ms   ≤  500 ms ✓
///   model_load (bg)     250.0 ms             hidden 100%
/// </code>
/// </example>
public static class StartupSummary
{
    /// <summary>Writes the summary of <paramref name="report"/> to <paramref name="writer"/>. Never throws.</summary>
    /// <param name="report">The run's report (<see cref="StartupTimeline.CreateReport"/>).</param>
    /// <param name="writer">Where to write, e.g. <see cref="Console.Error"/>.</param>
    public static void Write(StartupReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        try
        {
            writer.Write(Format(report));
            writer.Flush();
        }
        catch (Exception ex)
        {
            // A closed or broken stderr must never take the host down.
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(StartupSummary), ex);
        }
    }

    /// <summary>The summary of <paramref name="report"/> as text (one line per phase, each ending with a newline).</summary>
    /// <param name="report">The run's report.</param>
    /// <returns>The text.</returns>
    public static string Format(StartupReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder(256);
        text.Append("aurora: ").Append(report.Command);
        if (report.Completed)
        {
            text.Append(culture, $" ready ({report.Milestone ?? StartupMilestones.FirstLlmCall}) in {report.TotalMs:0.0} ms");
        }
        else
        {
            text.Append(culture, $" never ready; ran {report.TotalMs:0.0} ms");
        }

        if (report.TotalBudgetMs is { } total)
        {
            text.Append(culture, $" {Status(report.TotalExceeded)} budget {total:0} ms");
        }

        text.Append('\n');
        var width = 12;
        foreach (var phase in report.Phases)
        {
            width = Math.Max(width, phase.Name.Length + (phase.Background ? 5 : 0));
        }

        foreach (var phase in report.Phases)
        {
            var name = phase.Background ? phase.Name + " (bg)" : phase.Name;
            text.Append("  ").Append(name.PadRight(width));
            text.Append(culture, $" {phase.DurationMs,9:0.0} ms");
            if (!phase.Completed)
            {
                text.Append(" (running)");
            }

            if (phase.BudgetMs is { } budget)
            {
                text.Append(culture, $"  ≤ {budget,6:0} ms {Status(phase.Exceeded)}");
            }

            if (phase.HiddenPercent is { } hidden)
            {
                text.Append(culture, $"  hidden {hidden:0}%");
            }

            text.Append('\n');
        }

        foreach (var overrun in report.Overruns)
        {
            text.Append(culture, $"  {SummaryStatus.Over} {overrun.Phase} took {overrun.ActualMs:0.0} ms, budget {overrun.BudgetMs:0} ms ({overrun.Level})\n");
        }

        return text.ToString();
    }

    private static string Status(bool exceeded) => exceeded ? SummaryStatus.Over : SummaryStatus.Ok;

    private static class SummaryStatus
    {
        public const string Ok = "✓";
        public const string Over = "⚠";
    }
}
