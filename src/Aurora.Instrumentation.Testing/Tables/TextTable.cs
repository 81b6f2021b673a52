namespace Aurora.Instrumentation.Testing.Tables;

/// <summary>A table to print: the same model renders as a Spectre table or as plain text.</summary>
internal sealed class TextTable
{
    private readonly List<TableRow> _rows = [];

    public TextTable(string title, params TableColumn[] columns)
    {
        Title = title;
        Columns = columns;
    }

    public string Title { get; }

    public IReadOnlyList<TableColumn> Columns { get; }

    public IReadOnlyList<TableRow> Rows => _rows;

    public void Add(params string[] cells) => Add(Emphasis.None, cells);

    public void Add(Emphasis emphasis, params string[] cells)
    {
        if (cells.Length != Columns.Count)
        {
            throw new ArgumentException($"expected {Columns.Count} cells, got {cells.Length}", nameof(cells));
        }

        _rows.Add(new TableRow(cells, emphasis));
    }
}

/// <summary>A column header and its alignment.</summary>
internal sealed record TableColumn(string Header, bool RightAligned = false);

/// <summary>One row of cells.</summary>
internal sealed record TableRow(IReadOnlyList<string> Cells, Emphasis Emphasis);

/// <summary>How a row is highlighted on a terminal.</summary>
internal enum Emphasis
{
    None,
    Good,
    Warning,
    Bad,
    Dim,
}
