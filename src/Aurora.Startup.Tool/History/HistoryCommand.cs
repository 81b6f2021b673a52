using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Startup.Tool.Bench;
using Aurora.Startup.Tool.Cli;
using Aurora.Startup.Tool.Export;
using Aurora.Startup.Tool.Output;

namespace Aurora.Startup.Tool.History;

/// <summary><c>history</c>: add (or refresh) a row of the performance history table from a bench result.</summary>
internal static class HistoryCommand
{
    public static int Execute(string historyPath, string label, string resultPath, string? change, ToolConsole console)
    {
        if (string.IsNullOrWhiteSpace(label) || label.Contains('|', StringComparison.Ordinal))
        {
            console.Warn("--label must be non-empty and contain no '|'");
            return ExitCodes.Usage;
        }

        BenchResult result;
        try
        {
            result = BenchJson.ReadFile(resultPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            console.Warn($"cannot use '{resultPath}': {ex.Message}");
            return ExitCodes.Usage;
        }

        if (result.Find(MetricSeries.TotalName) is not { } total)
        {
            console.Warn($"'{resultPath}' has no 'total' metric (did every run fail?)");
            return ExitCodes.MeasurementFailed;
        }

        try
        {
            var existing = File.Exists(historyPath) ? File.ReadAllText(historyPath) : null;
            var update = PerformanceHistoryTable.Update(existing, label.Trim(), change ?? string.Empty, total.Summary.Median);
            if (!string.Equals(existing, update.Text, StringComparison.Ordinal))
            {
                BenchJson.CreateParent(historyPath);
                File.WriteAllText(historyPath, update.Text);
            }

            console.WriteLine($"{(update.Appended ? "added" : "updated")} {historyPath}: {string.Join(" | ", update.Row)}");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.Warn($"cannot update '{historyPath}': {ex.Message}");
            return ExitCodes.Usage;
        }
    }
}
