using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Aurora.Startup.Tool.Profile;

/// <summary>
/// A flame graph as one self-contained SVG (no script, no external font or stylesheet): the root at the bottom, each
/// frame as wide as the time of the samples that passed through it, callers below callees, siblings in name order.
/// Every box has a tooltip with the full frame name, its samples, milliseconds and share. Labels that do not fit show
/// the type and method without the namespace, then a truncated form. JIT compilations are blue, assembly loads green,
/// waits grey, the app's own frames warm and the framework's lighter. Built with XLinq, so it is always well-formed.
/// </summary>
internal static class FlameGraphSvg
{
    private const double Width = 1200;
    private const double Margin = 10;
    private const double RowHeight = 17;
    private const double FontSize = 11;

    /// <summary>Width of one character of the monospace label font at <see cref="FontSize"/>, in pixels.</summary>
    private const double CharWidth = FontSize * 0.6;

    /// <summary>Narrower boxes are not drawn: they would be noise, and their time is still in their caller's box.</summary>
    private const double MinimumBoxWidth = 0.4;
    private const string LabelFont = "'DejaVu Sans Mono', Menlo, Consolas, monospace";
    private const string TitleFont = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    /// <summary>Renders <paramref name="root"/> with a title and the lines under it (summary, marks).</summary>
    public static string Render(FrameNode root, string title, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(root);
        var depth = Depth(root);
        var headerHeight = 34 + (notes.Count * 16);
        var plotWidth = Width - (2 * Margin);
        var height = headerHeight + ((depth + 1) * RowHeight) + Margin;
        var baseY = height - Margin - RowHeight;
        var svg = new XElement(
            s_svg + "svg",
            new XAttribute("width", F(Width)),
            new XAttribute("height", F(height)),
            new XAttribute("viewBox", $"0 0 {F(Width)} {F(height)}"),
            new XElement(s_svg + "title", title),
            new XElement(s_svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"), new XAttribute("fill", "#ffffff")),
            Text(Margin, 22, title, 16, TitleFont, "bold"));
        for (var i = 0; i < notes.Count; i++)
        {
            svg.Add(Text(Margin, 40 + (i * 16), notes[i], 12, TitleFont, null));
        }

        var frames = new XElement(s_svg + "g", new XAttribute("font-family", LabelFont), new XAttribute("font-size", F(FontSize)));
        if (root.TotalMs > 0)
        {
            Draw(frames, root, root.TotalMs, Margin, plotWidth / root.TotalMs, baseY, 0);
        }
        else
        {
            frames.Add(Text(Margin, baseY + 12, "no samples", 12, TitleFont, null));
        }

        svg.Add(frames);
        return new XDocument(svg).ToString(SaveOptions.DisableFormatting);
    }

    private static void Draw(XElement into, FrameNode node, double totalMs, double x, double pixelsPerMs, double y, int level)
    {
        var width = node.TotalMs * pixelsPerMs;
        if (width < MinimumBoxWidth)
        {
            return;
        }

        var share = node.TotalMs / totalMs * 100;
        var tooltip = string.Create(CultureInfo.InvariantCulture, $"{node.Name} — {node.TotalSamples} samples, {node.TotalMs:0.0} ms ({share:0.0}%), self {node.SelfMs:0.0} ms");
        var box = new XElement(
            s_svg + "g",
            new XElement(s_svg + "title", tooltip),
            new XElement(
                s_svg + "rect",
                new XAttribute("x", F(x)),
                new XAttribute("y", F(y)),
                new XAttribute("width", F(Math.Max(width - 0.5, 0.1))),
                new XAttribute("height", F(RowHeight - 1)),
                new XAttribute("rx", "2"),
                new XAttribute("fill", level == 0 ? "#d4d4d8" : Colour(node.Name))));
        if (Label(node.Name, width - 6) is { Length: > 0 } label)
        {
            box.Add(new XElement(
                s_svg + "text",
                new XAttribute("x", F(x + 3)),
                new XAttribute("y", F(y + RowHeight - 5)),
                new XAttribute("fill", "#111827"),
                label));
        }

        into.Add(box);
        var childX = x;
        foreach (var child in node.Children)
        {
            Draw(into, child, totalMs, childX, pixelsPerMs, y - RowHeight, level + 1);
            childX += child.TotalMs * pixelsPerMs;
        }
    }

    /// <summary>The frame's full name if it fits, else Type.Method, else a truncated form; empty when nothing readable fits.</summary>
    internal static string Label(string name, double widthPixels)
    {
        var fits = (int)(widthPixels / CharWidth);
        if (fits < 3)
        {
            return string.Empty;
        }

        if (name.Length <= fits)
        {
            return name;
        }

        var shortName = FrameNames.WithoutNamespace(name);
        if (shortName.Length <= fits)
        {
            return shortName;
        }

        return shortName[..(fits - 1)] + "…";
    }

    private static string Colour(string name)
    {
        // A stable hash (string.GetHashCode is randomised per process): the same frame gets the same shade in every file.
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        var vary = (int)(hash % 40);
        if (name.StartsWith(RuntimeWork.JitPrefix, StringComparison.Ordinal))
        {
            return Hsl(215, 70, 68 + (vary % 10));
        }

        if (name.StartsWith(RuntimeWork.LoadPrefix, StringComparison.Ordinal))
        {
            return Hsl(130, 50, 62 + (vary % 10));
        }

        if (WaitFrames.IsWaiting([name]))
        {
            return Hsl(0, 0, 74 + (vary % 8));
        }

        return FrameNames.IsFramework(name)
            ? Hsl(38 + (vary % 12), 85, 66 + (vary % 8))
            : Hsl(8 + (vary % 20), 80, 60 + (vary % 10));
    }

    private static string Hsl(int hue, int saturation, int lightness)
        => string.Create(CultureInfo.InvariantCulture, $"hsl({hue},{saturation}%,{lightness}%)");

    private static int Depth(FrameNode node)
    {
        var deepest = 0;
        foreach (var child in node.Children)
        {
            deepest = Math.Max(deepest, 1 + Depth(child));
        }

        return deepest;
    }

    private static XElement Text(double x, double y, string text, double size, string family, string? weight)
    {
        var element = new XElement(
            s_svg + "text",
            new XAttribute("x", F(x)),
            new XAttribute("y", F(y)),
            new XAttribute("font-family", family),
            new XAttribute("font-size", F(size)),
            new XAttribute("fill", "#111827"),
            text);
        if (weight is not null)
        {
            element.Add(new XAttribute("font-weight", weight));
        }

        return element;
    }

    private static string F(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    /// <summary>Builds the note lines of a slice's graph: what it holds and where its time went.</summary>
    internal static IReadOnlyList<string> Notes(ProfileSlice slice, int runs)
    {
        var lines = new List<string>();
        var summary = new StringBuilder();
        summary.Append(CultureInfo.InvariantCulture, $"{slice.SampleCount} samples ≈ {slice.SampledMs:0.0} ms sampled");
        if (slice.Kind == SliceKind.Phase && slice.Occurrences > 0)
        {
            summary.Append(CultureInfo.InvariantCulture, $"; the phase took {slice.PhaseMs:0.0} ms by its events");
        }

        summary.Append(CultureInfo.InvariantCulture, $" ({runs} run{(runs == 1 ? string.Empty : "s")})");
        if (slice.JitMethods > 0)
        {
            summary.Append(CultureInfo.InvariantCulture, $" · JIT: {slice.JitMethods} methods, {slice.JitMs:0.0} ms");
        }

        lines.Add(summary.ToString());
        if (slice.Loads.Count > 0)
        {
            lines.Add("[load] " + Marks(slice.Loads, 170));
        }

        return lines;
    }

    private static string Marks(IReadOnlyList<string> names, int maxChars)
    {
        var text = new StringBuilder();
        for (var i = 0; i < names.Count; i++)
        {
            var next = (i == 0 ? string.Empty : ", ") + names[i];
            if (text.Length + next.Length > maxChars)
            {
                text.Append(CultureInfo.InvariantCulture, $" … +{names.Count - i} more");
                break;
            }

            text.Append(next);
        }

        return text.ToString();
    }
}
