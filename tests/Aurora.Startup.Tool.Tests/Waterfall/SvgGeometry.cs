using System.Globalization;
using System.Xml.Linq;

namespace Aurora.Startup.Tool.Tests.Waterfall;

/// <summary>
/// Boxes of what an SVG draws, estimated independently of the renderer's own layout: a text of n characters at size s
/// is 0.6·n·s wide (the average advance of monospace, wider than typical sans-serif), from 0.8·s above its baseline to
/// 0.25·s below; a line is its stroke width wide.
/// </summary>
internal static class SvgGeometry
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static IReadOnlyList<Box> Texts(XDocument svg)
        => [.. svg.Descendants(Svg + "text").Select(text =>
        {
            var size = Number(text, "font-size") ?? Number(text.Ancestors(Svg + "svg").First(), "font-size") ?? 12;
            var width = text.Value.Length * size * 0.6;
            var x = Number(text, "x")!.Value;
            var left = (string?)text.Attribute("text-anchor") switch
            {
                "end" => x - width,
                "middle" => x - (width / 2),
                _ => x,
            };
            var baseline = Number(text, "y")!.Value;
            return new Box(text.Value, left, baseline - (0.8 * size), left + width, baseline + (0.25 * size));
        })];

    public static IReadOnlyList<Box> Lines(XDocument svg, string kind)
        => [.. svg.Descendants(Svg + "line").Where(line => (string?)line.Attribute("class") == kind).Select(line =>
        {
            var half = (Number(line, "stroke-width") ?? 1) / 2;
            double x1 = Number(line, "x1")!.Value, x2 = Number(line, "x2")!.Value, y1 = Number(line, "y1")!.Value, y2 = Number(line, "y2")!.Value;
            return new Box(kind, Math.Min(x1, x2) - half, Math.Min(y1, y2) - half, Math.Max(x1, x2) + half, Math.Max(y1, y2) + half);
        })];

    public static IReadOnlyList<Box> Rects(XDocument svg, string kind)
        => [.. svg.Descendants(Svg + "rect").Where(rect => (string?)rect.Attribute("class") == kind).Select(rect =>
        {
            double x = Number(rect, "x")!.Value, y = Number(rect, "y")!.Value;
            return new Box((string?)rect.Element(Svg + "title") ?? kind, x, y, x + Number(rect, "width")!.Value, y + Number(rect, "height")!.Value);
        })];

    private static double? Number(XElement element, string name)
        => element.Attribute(name) is { } attribute ? double.Parse(attribute.Value, CultureInfo.InvariantCulture) : null;
}

/// <summary>An axis-aligned box.</summary>
internal sealed record Box(string What, double Left, double Top, double Right, double Bottom)
{
    public bool Overlaps(Box other) => Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;

    public override string ToString() => $"'{What}' [{Left:0.#}, {Top:0.#} – {Right:0.#}, {Bottom:0.#}]";
}
