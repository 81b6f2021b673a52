using Aurora.Instrumentation;
using Aurora.Instrumentation.Testing.Checks;
using Aurora.Instrumentation.Testing.Tables;
using Aurora.Startup.Tool.Cli;
using Aurora.Startup.Tool.Output;

namespace Aurora.Startup.Tool.Checks;

/// <summary><c>check</c>: budget verdicts for run reports produced elsewhere (e.g. CI artifacts).</summary>
internal static class CheckCommand
{
    public static int Execute(IReadOnlyList<string> reportPaths, string budgetsPath, ToolConsole console)
    {
        var budgets = BudgetChecker.Load(budgetsPath, console.Error);
        if (budgets is null)
        {
            return ExitCodes.Usage;
        }

        var verdicts = new List<BudgetVerdict>();
        var unreadable = 0;
        foreach (var path in reportPaths)
        {
            StartupReport report;
            try
            {
                report = StartupReport.Parse(File.ReadAllBytes(path));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                console.Warn($"{path}: cannot read the report: {ex.Message}");
                unreadable++;
                continue;
            }

            var found = BudgetChecker.Check(budgets, report.Command, path, BudgetChecker.ValuesOf(report));
            if (found.Count == 0)
            {
                console.Warn($"{path}: no budget applies to command '{report.Command}'");
            }

            verdicts.AddRange(found);
        }

        if (verdicts.Count > 0)
        {
            console.Render(BudgetTable.Build(verdicts, $"budgets from {budgetsPath}"));
        }

        var errors = verdicts.Count(v => v.IsError);
        var warnings = verdicts.Count(v => v.Exceeded && !v.IsError);
        console.WriteLine($"{reportPaths.Count - unreadable} report(s) checked: {errors} error-level overrun(s), {warnings} warning(s), {unreadable} unreadable");
        return ExitCodes.Combine(errors > 0, unreadable > 0);
    }
}
