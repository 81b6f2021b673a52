using System.Text;
using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Startup.Tool.Bench;
using Aurora.Startup.Tool.Cli;
using Aurora.Startup.Tool.Export;
using Aurora.Startup.Tool.Output;

namespace Aurora.Startup.Tool.History;

/// <summary>
/// <c>history</c>: add (or refresh) a row of the performance history table from a bench result, and keep that result
/// file next to the table (in <c>&lt;table&gt;/</c> without its extension, e.g. docs/performance-history/), linked from
/// the row, so every number in the table has its runs behind it.
/// </summary>
internal static class HistoryCommand
{
    public static int Execute(HistorySettings settings, ToolConsole console)
    {
        if (string.IsNullOrWhiteSpace(settings.Label) || settings.Label.Contains('|', StringComparison.Ordinal))
        {
            console.Warn("--label must be non-empty and contain no '|'");
            return ExitCodes.Usage;
        }

        BenchResult result;
        try
        {
            result = BenchJson.ReadFile(settings.ResultPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            console.Warn($"cannot use '{settings.ResultPath}': {ex.Message}");
            return ExitCodes.Usage;
        }

        if (result.Find(MetricSeries.TotalName) is not { } total)
        {
            console.Warn($"'{settings.ResultPath}' has no 'total' metric (did every run fail?)");
            return ExitCodes.MeasurementFailed;
        }

        var command = result.ReportCommand ?? result.Command;
        var machine = $"{result.Machine.Class}, {result.RuntimeMode ?? "unknown mode"}";
        var label = settings.Label.Trim();
        try
        {
            var kept = KeepResult(settings, label, command, machine);
            var tableDirectory = Path.GetDirectoryName(Path.GetFullPath(settings.HistoryPath))!;
            var link = Path.GetRelativePath(tableDirectory, kept).Replace(Path.DirectorySeparatorChar, '/');
            var existing = File.Exists(settings.HistoryPath) ? File.ReadAllText(settings.HistoryPath) : null;
            var update = PerformanceHistoryTable.Update(existing, new HistoryEntry(label, command, machine, settings.Change, total.Summary.Median, $"[json]({link})"));
            if (!string.Equals(existing, update.Text, StringComparison.Ordinal))
            {
                BenchJson.CreateParent(settings.HistoryPath);
                File.WriteAllText(settings.HistoryPath, update.Text);
            }

            console.WriteLine($"{(update.Appended ? "added" : "updated")} {settings.HistoryPath}: {string.Join(" | ", update.Row)}");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.Warn($"cannot update '{settings.HistoryPath}': {ex.Message}");
            return ExitCodes.Usage;
        }
    }

    /// <summary>A file name for one row's result: <c>v0.2.0-soar-linux-x64-2-cores-jit.json</c>.</summary>
    public static string ResultFileName(string label, string command, string machine)
    {
        var name = new StringBuilder();
        foreach (var c in $"{label}-{command}-{machine}")
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_')
            {
                name.Append(char.ToLowerInvariant(c));
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }
        }

        return name.ToString().Trim('-', '.') + ".json";
    }

    /// <summary>Copies the result into the results folder (unless it is already there) and returns its path.</summary>
    private static string KeepResult(HistorySettings settings, string label, string command, string machine)
    {
        var directory = settings.ResultsDirectory ?? Path.ChangeExtension(Path.GetFullPath(settings.HistoryPath), null);
        var kept = Path.GetFullPath(Path.Combine(directory, ResultFileName(label, command, machine)));
        if (!string.Equals(kept, Path.GetFullPath(settings.ResultPath), StringComparison.Ordinal))
        {
            Directory.CreateDirectory(directory);
            File.Copy(settings.ResultPath, kept, overwrite: true);
        }

        return kept;
    }
}
