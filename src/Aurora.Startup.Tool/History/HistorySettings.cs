namespace Aurora.Startup.Tool.History;

/// <summary>Validated options of <c>history</c>.</summary>
internal sealed record HistorySettings
{
    /// <summary>The Markdown file holding the table (<c>--append</c>).</summary>
    public required string HistoryPath { get; init; }

    /// <summary>The row's version label (<c>--label</c>).</summary>
    public required string Label { get; init; }

    /// <summary>The bench result (<c>--from</c>).</summary>
    public required string ResultPath { get; init; }

    /// <summary>What changed (<c>--change</c>), the Optimization column.</summary>
    public string? Change { get; init; }

    /// <summary>Where result files are kept (<c>--results-dir</c>); default: the table's path without its extension.</summary>
    public string? ResultsDirectory { get; init; }
}
