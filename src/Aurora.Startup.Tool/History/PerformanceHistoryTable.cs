using System.Globalization;
using System.Text.RegularExpressions;

namespace Aurora.Startup.Tool.History;

/// <summary>
/// The guide's "Performance History" Markdown table kept from real results. A new file gets the columns
/// <c>Version | Command | Machine | Optimization | Before | After | Improvement | Result</c>; a table with the guide's
/// five columns (no Command, Machine or Result) keeps them. Rows form one series per command and machine class: a
/// row's Before is the After of the previous row of its series, Improvement is (before − after)/before. Updating the
/// same version of a series again replaces its row (and refreshes the Before/Improvement of the next row of that
/// series), so running the same update twice changes nothing. Everything else in the file is left as it was.
/// </summary>
internal static partial class PerformanceHistoryTable
{
    public static readonly string[] Headers = ["Version", "Command", "Machine", "Optimization", "Before", "After", "Improvement", "Result"];

    /// <summary>The columns every history table has (the guide's five).</summary>
    private static readonly string[] s_required = ["Version", "Optimization", "Before", "After", "Improvement"];

    /// <summary>Applies one update to the file's text (empty for a new file) and returns the new text.</summary>
    public static HistoryUpdate Update(string? existing, HistoryEntry entry)
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
                lines.Add("Startup time to ready (median `total` of `aurora-startup bench`), one row per version, command and machine class. Maintained with `aurora-startup history`.");
            }
            else
            {
                lines.Add(string.Empty);
                lines.Add("## Performance History");
            }

            lines.Add(string.Empty);
            header = lines.Count;
            lines.Add(string.Join(" | ", Headers));
            lines.Add(string.Join('|', Headers.Select((h, i) => new string('-', h.Length + (i == 0 || i == Headers.Length - 1 ? 1 : 2)))));
        }

        var piped = lines[header].TrimStart().StartsWith('|');
        var columns = new Columns(SplitRow(lines[header]));
        var first = header + 2;
        var end = first;
        while (end < lines.Count && lines[end].Contains('|', StringComparison.Ordinal) && lines[end].Trim().Length > 0)
        {
            end++;
        }

        var rows = lines.GetRange(first, end - first).Select(line => columns.Pad(SplitRow(line))).ToList();
        var series = columns.SeriesOf(entry);
        var index = rows.FindIndex(row => row[columns.Version] == entry.Label && columns.SeriesOf(row) == series);
        var appended = index < 0;
        if (appended)
        {
            index = rows.Count;
            rows.Add(columns.Pad([]));
        }

        var updated = rows[index];
        updated[columns.Version] = entry.Label;
        columns.Set(updated, "Command", Escape(entry.Command));
        columns.Set(updated, "Machine", Escape(entry.Machine));
        updated[columns.Optimization] = string.IsNullOrWhiteSpace(entry.Change) ? (appended ? "-" : updated[columns.Optimization]) : Escape(entry.Change.Trim());
        updated[columns.After] = FormatDuration(entry.AfterMs);
        columns.Set(updated, "Result", entry.Result is null ? "-" : Escape(entry.Result));
        Relink(rows, index, columns);
        var next = rows.FindIndex(index + 1, row => columns.SeriesOf(row) == series);
        if (next > index)
        {
            Relink(rows, next, columns);
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

    /// <summary>Before = the After of the previous row of the same series; Improvement from the two.</summary>
    private static void Relink(List<List<string>> rows, int index, Columns columns)
    {
        var row = rows[index];
        var series = columns.SeriesOf(row);
        var previous = index == 0 ? -1 : rows.FindLastIndex(index - 1, index, other => columns.SeriesOf(other) == series);
        var before = previous >= 0 ? rows[previous][columns.After] : "-";
        row[columns.Before] = string.IsNullOrWhiteSpace(before) ? "-" : before;
        row[columns.Improvement] = ParseDuration(row[columns.Before]) is { } b && ParseDuration(row[columns.After]) is { } a ? FormatImprovement(b, a) : "-";
    }

    private static bool IsHeader(string line)
    {
        var cells = SplitRow(line);
        return s_required.All(required => cells.Contains(required, StringComparer.OrdinalIgnoreCase))
            && cells.All(cell => Headers.Contains(cell, StringComparer.OrdinalIgnoreCase));
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

    /// <summary>Where each column of this table is; Command, Machine and Result may be missing (the guide's table).</summary>
    private sealed class Columns(List<string> headers)
    {
        public int Version => Index("Version");

        public int Optimization => Index("Optimization");

        public int Before => Index("Before");

        public int After => Index("After");

        public int Improvement => Index("Improvement");

        /// <summary>The series a row belongs to: its command and machine, as far as the table has those columns.</summary>
        public (string Command, string Machine) SeriesOf(List<string> row)
            => (Has("Command") ? row[Index("Command")] : string.Empty, Has("Machine") ? row[Index("Machine")] : string.Empty);

        public (string Command, string Machine) SeriesOf(HistoryEntry entry)
            => (Has("Command") ? Escape(entry.Command) : string.Empty, Has("Machine") ? Escape(entry.Machine) : string.Empty);

        public List<string> Pad(List<string> row)
        {
            var padded = row.ToList();
            while (padded.Count < headers.Count)
            {
                padded.Add(string.Empty);
            }

            return padded;
        }

        public void Set(List<string> row, string column, string value)
        {
            if (Has(column))
            {
                row[Index(column)] = value;
            }
        }

        private bool Has(string column) => headers.Contains(column, StringComparer.OrdinalIgnoreCase);

        private int Index(string column) => headers.FindIndex(header => header.Equals(column, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>One result to record: its version label, command, machine class, what changed, the median total, and the link to its result file.</summary>
internal sealed record HistoryEntry(string Label, string Command, string Machine, string? Change, double AfterMs, string? Result);

/// <summary>The outcome of <see cref="PerformanceHistoryTable.Update"/>.</summary>
/// <param name="Text">The new file text.</param>
/// <param name="Appended">Whether a row was added (rather than the label's row replaced).</param>
/// <param name="Row">The row's cells.</param>
internal sealed record HistoryUpdate(string Text, bool Appended, IReadOnlyList<string> Row);
