using System.Text;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Instrumentation.Testing.Statistics;
using Aurora.Instrumentation.Testing.Tables;
using Aurora.Startup.Tool.Bench;

namespace Aurora.Startup.Tool.Export;

/// <summary>The <c>--export-markdown</c> file: the printed tables as GitHub-flavoured Markdown (e.g. for a PR comment).</summary>
internal static class MarkdownExport
{
    public static string Render(BenchResult result)
    {
        var text = new StringBuilder();
        text.Append("## aurora-startup bench: `").Append(result.Command.Replace("`", "'", StringComparison.Ordinal)).AppendLine("`").AppendLine();
        text.AppendLine(Table(SummaryTable.Build(result.Metrics, result.OkRuns, result.Runs, result.Warmup)));
        text.AppendLine(BenchTables.RowsNote).AppendLine();
        var counters = PhaseCountersTable.Build(result.Metrics);
        if (counters.Rows.Count > 0)
        {
            text.AppendLine(Table(counters));
        }

        if (result.Budgets.Count > 0)
        {
            text.AppendLine(Table(BudgetTable.Build(result.Budgets, $"budgets (checked on the {AggregateText.Format(result.Aggregate)})")));
        }

        if (result.RunRecords.Any(run => run.Status != RunStatus.Ok))
        {
            text.AppendLine(Table(BenchTables.Failures(result)));
        }

        text.AppendLine("Statistics: quantiles by linear interpolation (type 7), sample standard deviation, outliers flagged by modified z-score |0.6745·(x−median)/MAD| > 3.5 (kept in every statistic).");
        return text.ToString();
    }

    public static string Table(TextTable table)
    {
        var text = new StringBuilder();
        text.Append("**").Append(Cell(table.Title)).AppendLine("**").AppendLine();
        text.Append("| ").AppendJoin(" | ", table.Columns.Select(c => Cell(c.Header))).AppendLine(" |");
        text.Append('|').AppendJoin('|', table.Columns.Select(c => c.RightAligned ? "---:" : "---")).AppendLine("|");
        foreach (var row in table.Rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Cells.Select(Cell)).AppendLine(" |");
        }

        return text.ToString();
    }

    public static void WriteFile(BenchResult result, string path)
    {
        BenchJson.CreateParent(path);
        File.WriteAllText(path, Render(result));
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
