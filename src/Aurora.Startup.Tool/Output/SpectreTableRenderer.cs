using Aurora.Instrumentation.Testing.Tables;
using Spectre.Console;

namespace Aurora.Startup.Tool.Output;

/// <summary>Spectre.Console table with a coloured row per <see cref="Emphasis"/>.</summary>
internal static class SpectreTableRenderer
{
    public static void Render(TextTable table, TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,
        });
        var rendered = new Table().RoundedBorder().Title($"[bold]{Markup.Escape(table.Title)}[/]");
        foreach (var column in table.Columns)
        {
            var tableColumn = new Spectre.Console.TableColumn(Markup.Escape(column.Header));
            if (column.RightAligned)
            {
                // Numbers never wrap ("12.3" over "ms" is unreadable); narrow terminals wrap text columns instead.
                tableColumn.RightAligned().NoWrap();
            }

            rendered.AddColumn(tableColumn);
        }

        foreach (var row in table.Rows)
        {
            var style = row.Emphasis switch
            {
                Emphasis.Good => "green",
                Emphasis.Warning => "yellow",
                Emphasis.Bad => "bold red",
                Emphasis.Dim => "grey",
                _ => null,
            };
            rendered.AddRow(row.Cells.Select(cell => style is null ? Markup.Escape(cell) : $"[{style}]{Markup.Escape(cell)}[/]").ToArray());
        }

        console.Write(rendered);
        console.WriteLine();
    }
}
