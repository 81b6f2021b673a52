using System.Globalization;
using System.Text.RegularExpressions;

namespace Aurora.Startup.Tool.History;

/// <summary>
/// The guide's "Performance History" Markdown table (Version | Optimization | Before | After | Improvement) kept
/// from real results: a new row's Before is the previous row's After, Improvement is (before − after)/before.
/// Updating the same label again replaces its row (and refreshes the Before/Improvement of the row after it), so
/// running the same update twice changes nothing. Everything else in the file is left as it was.
/// </summary>
internal static partial class PerformanceHistoryTable
{
    public static readonly string[] Headers = ["Version", "Optimization", "Before", "After", "Improvement"];

    /// <summary>Applies one update to the file's text (empty for a new file) and returns the new text.</summary>
    public static HistoryUpdate Update(string? existing, string label, string change, double afterMs)
    {
        var newline = existing is not null && existing.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = existing is null or "" ? [] : existing.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n').ToList();
        var header = lines.FindIndex(IsHeader);
        if (header < 0)
        {
            if (lines.Count == 0)
            {
                lines.Add("# Performance History");
                lines.Add(string.Empty);
                lines.Add("Startup time to ready (median `total` of `aurora-startup bench`), one row per release. Maintained with `aurora-startup history`.");
            }
            else
            {
                lines.Add(string.Empty);
                lines.Add("## Performance History");
            }

            lines.Add(string.Empty);
            header = lines.Count;
            lines.Add("Version | Optimization | Before | After | Improvement");
            lines.Add("--------|--------------|--------|-------|------------");
        }

        var piped = lines[header].TrimStart().StartsWith('|');
        var first = header + 2;
        var end = first;
        while (end < lines.Count && lines[end].Contains('|', StringComparison.Ordinal) && lines[end].Trim().Length > 0)
        {
            end++;
        }

        var rows = lines.GetRange(first, end - first).Select(SplitRow).ToList();
        var after = FormatDuration(afterMs);
        var index = rows.FindIndex(row => row.Count > 0 && string.Equals(row[0], label, StringComparison.Ordinal));
        var appended = index < 0;
        if (appended)
        {
            index = rows.Count;
            rows.Add([label, string.Empty, string.Empty, string.Empty, string.Empty]);
        }

        var row = Pad(rows[index]);
        row[1] = string.IsNullOrWhiteSpace(change) ? (appended ? "-" : row[1]) : Escape(change.Trim());
        row[3] = after;
        Relink(rows, index, row);
        rows[index] = row;
        if (index + 1 < rows.Count)
        {
            var next = Pad(rows[index + 1]);
            Relink(rows, index + 1, next);
            rows[index + 1] = next;
        }

        lines.RemoveRange(first, end - first);
        lines.InsertRange(first, rows.Select(cells => JoinRow(cells, piped)));
        return new HistoryUpdate(string.Join(newline, lines) + newline, appended, rows[index]);
    }

    /// <summary>"412ms" below a second, "2.31s" above: the style of the guide's table ("3-4s").</summary>
    public static string FormatDuration(double ms)
        => ms >= 1000
            ? (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture) + "s"
            : ms.ToString(ms >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) + "ms";

    /// <summary>Reads "412ms", "2.31s", "0.5 s" or a range "3-4s" (its midpoint), in ms; <c>null</c> for anything else ("-").</summary>
    public static double? ParseDuration(string cell)
    {
        var match = DurationPattern().Match(cell);
        if (!match.Success)
        {
            return null;
        }

        var low = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var high = match.Groups[2].Success ? double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : low;
        var scale = match.Groups[3].Value == "s" ? 1000 : 1;
        return (low + high) / 2 * scale;
    }

    public static string FormatImprovement(double beforeMs, double afterMs)
        => beforeMs > 0 ? Math.Round((beforeMs - afterMs) / beforeMs * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "-";

    private static void Relink(List<List<string>> rows, int index, List<string> row)
    {
        var before = index > 0 && rows[index - 1].Count > 3 ? rows[index - 1][3] : "-";
        row[2] = string.IsNullOrWhiteSpace(before) ? "-" : before;
        var beforeMs = ParseDuration(row[2]);
        var afterMs = ParseDuration(row[3]);
        row[4] = beforeMs is { } b && afterMs is { } a ? FormatImprovement(b, a) : "-";
    }

    private static bool IsHeader(string line)
    {
        var cells = SplitRow(line);
        return cells.Count == Headers.Length && cells.Zip(Headers).All(pair => string.Equals(pair.First, pair.Second, StringComparison.OrdinalIgnoreCase));
    }

    private static List<string> SplitRow(string line)
    {
        var text = line.Trim();
        if (text.StartsWith('|'))
        {
            text = text[1..];
        }

        if (text.EndsWith('|') && !text.EndsWith("\\|", StringComparison.Ordinal))
        {
            text = text[..^1];
        }

        return UnescapedPipe().Split(text).Select(cell => cell.Trim()).ToList();
    }

    private static List<string> Pad(List<string> row)
    {
        var padded = row.ToList();
        while (padded.Count < Headers.Length)
        {
            padded.Add(string.Empty);
        }

        return padded;
    }

    private static string JoinRow(List<string> cells, bool piped)
    {
        var joined = string.Join(" | ", cells);
        return piped ? "| " + joined + " |" : joined;
    }

    private static string Escape(string text) => text.Replace("\n", " ", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?))?\s*(ms|s)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"(?<!\\)\|", RegexOptions.CultureInvariant)]
    private static partial Regex UnescapedPipe();
}

/// <summary>The outcome of <see cref="PerformanceHistoryTable.Update"/>.</summary>
/// <param name="Text">The new file text.</param>
/// <param name="Appended">Whether a row was added (rather than the label's row replaced).</param>
/// <param name="Row">The row's cells.</param>
internal sealed record HistoryUpdate(string Text, bool Appended, IReadOnlyList<string> Row);
