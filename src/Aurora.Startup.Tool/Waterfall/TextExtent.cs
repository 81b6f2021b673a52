namespace Aurora.Startup.Tool.Waterfall;

/// <summary>
/// How much room a label takes, without a font engine: 0.62 em per character (proportional sans-serif text averages
/// ~0.5–0.55 em, digits and monospace 0.6), 10 % more in bold. Erring wide keeps labels apart in any renderer.
/// </summary>
internal static class TextExtent
{
    public static double Width(string text, double size, bool bold = false) => text.Length * size * 0.62 * (bold ? 1.1 : 1.0);

    /// <summary>The longest prefix (with "…") that fits in <paramref name="width"/>.</summary>
    public static string Fit(string text, double size, double width)
    {
        var fits = (int)Math.Floor(width / (size * 0.62));
        return text.Length <= fits ? text : text[..Math.Max(1, fits - 1)] + "…";
    }
}
