using Aurora.Instrumentation.Testing.Checks;
using Aurora.Instrumentation.Testing.Running;

namespace Aurora.Instrumentation.Testing.Tables;

/// <summary>One row per budget checked: actual, budget, allowed (with tolerance), level, verdict.</summary>
internal static class BudgetTable
{
    public static TextTable Build(IReadOnlyList<BudgetVerdict> verdicts, string title)
    {
        var table = new TextTable(title, new("source"), new("phase"), new("actual", true), new("budget", true), new("allowed", true), new("level"), new("verdict"));
        foreach (var verdict in verdicts)
        {
            var emphasis = verdict.IsError ? Emphasis.Bad : verdict.Exceeded ? Emphasis.Warning : Emphasis.Good;
            table.Add(
                emphasis,
                verdict.Source,
                verdict.Phase,
                DurationText.Milliseconds(verdict.ActualMs),
                DurationText.Milliseconds(verdict.BudgetMs),
                DurationText.Milliseconds(verdict.AllowedMs),
                verdict.Level,
                verdict.Exceeded ? (verdict.IsError ? "OVER (error)" : "over (warn)") : "ok");
        }

        return table;
    }
}
