using System.Text;

namespace Aurora.Instrumentation.Testing.Tables;

/// <summary>Plain text: title, header, dashes, rows; columns padded, numbers right-aligned.</summary>
internal static class PlainTableRenderer
{
    public static void Render(TextTable table, TextWriter writer)
    {
        var widths = table.Columns.Select(c => c.Header.Length).ToArray();
        foreach (var row in table.Rows)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row.Cells[i].Length);
            }
        }

        writer.WriteLine(table.Title);
        writer.WriteLine(Line(table.Columns.Select(c => c.Header).ToArray(), table, widths));
        writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in table.Rows)
        {
            writer.WriteLine(Line(row.Cells, table, widths));
        }

        writer.WriteLine();
    }

    private static string Line(IReadOnlyList<string> cells, TextTable table, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                line.Append("  ");
            }

            line.Append(table.Columns[i].RightAligned ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }

        return line.ToString().TrimEnd();
    }
}
