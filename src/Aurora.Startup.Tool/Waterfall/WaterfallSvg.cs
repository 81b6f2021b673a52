using System.Globalization;
using System.Xml.Linq;
using Aurora.Instrumentation;
using Aurora.Instrumentation.Testing.Checks;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Startup.Tool.Bench;
using Aurora.Startup.Tool.Export;

namespace Aurora.Startup.Tool.Waterfall;

/// <summary>
/// The <c>--export-svg</c> waterfall of the median run (<see cref="WaterfallRun"/>): one row per phase, a bar where the
/// phase lay in that run on a time axis from process start, a whisker for the phase's min…p95 duration over all runs
/// with a tick at its median, background phases hatched, budget markers (green within, amber warn overrun, red error
/// overrun), a last row with the stretches of the critical path no phase covered (labelled with their sum), and the
/// run's ready and exit as vertical lines. Labels never overlap anything: phase names sit left of the plot, values
/// right of it, the lines' labels in lanes above the rows where no line runs (<see cref="HeaderLanes"/>), and the
/// legend wraps. Built with XLinq, so it is always well-formed. Elements carry a <c>class</c>
/// (<c>bar</c>, <c>band</c>, <c>marker</c>, <c>whisker</c>, <c>grid</c>) so that tools and tests can tell them apart.
/// </summary>
internal static class WaterfallSvg
{
    private const double Width = 1100;
    private const double PlotLeft = 200;
    private const double PlotRight = 850;
    private const double ValueX = PlotRight + 12;
    private const double RowHeight = 30;
    private const double BarHeight = 16;
    private const double LaneHeight = 15;
    private const double LabelSize = 11;
    private const string Font = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
    private const string Monospace = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";
    private static readonly double[] s_stepMultipliers = [1.0, 2.0, 5.0, 10.0];

    public static string Render(BenchResult result)
    {
        var run = WaterfallRun.Of(result);
        var budgets = result.Budgets.ToDictionary(b => b.Phase, StringComparer.Ordinal);
        budgets.TryGetValue(BudgetSet.Total, out var totalBudget);

        var ends = run.Rows.Select(row => row.StartMs + Math.Max(row.DurationMs ?? 0, row.Series.Summary.P95)).Append(run.ReadyMs).Append(run.ExitMs);
        var dataMax = Math.Max(ends.DefaultIfEmpty(1).Max(), 0.001);
        var budgetEnds = run.Rows.Where(row => budgets.ContainsKey(row.Series.Name)).Select(row => row.StartMs + budgets[row.Series.Name].BudgetMs);
        if (totalBudget is not null)
        {
            budgetEnds = budgetEnds.Append(totalBudget.BudgetMs);
        }

        // A budget far beyond the data would squash every bar: such a marker becomes an arrow at the edge instead.
        var scaleMax = Math.Max(dataMax, budgetEnds.Where(end => end <= dataMax * 1.6).DefaultIfEmpty(0).Max());
        var (tickStep, axisMax) = NiceAxis(scaleMax * 1.02);
        double X(double ms) => PlotLeft + (Math.Clamp(ms, 0, axisMax) / axisMax * (PlotRight - PlotLeft));

        // The lines' labels first: how many lanes they need decides where the rows begin.
        var markers = new List<(double X, string Label, string Colour, string? Dash, double Stroke)>
        {
            (X(run.ReadyMs), $"ready {Ms(run.ReadyMs)}", "#047857", "6 4", 2),
            (X(run.ExitMs), $"exit {Ms(run.ExitMs)}", "#4b5563", "2 3", 1.5),
        };
        if (totalBudget is not null)
        {
            var inside = totalBudget.BudgetMs <= axisMax;
            markers.Add((inside ? X(totalBudget.BudgetMs) : PlotRight, $"total budget {Ms(totalBudget.BudgetMs)}{(inside ? string.Empty : " ▸")}", BudgetColour(totalBudget), inside ? null : "none", 2));
        }

        var lanes = HeaderLanes.Place([.. markers.Select(m => (m.X, TextExtent.Width(m.Label, LabelSize, bold: true)))], 8, Width - 8);
        var laneCount = lanes.Max(l => l.Lane) + 1;
        var top = 82 + (laneCount * LaneHeight) + 6;
        var rowCount = run.Rows.Count + 1;
        var axisY = top + (rowCount * RowHeight) + 8;
        var legend = Legend(axisY + 56, out var legendBottom);
        var height = legendBottom + 16;

        var svg = new XElement(
            s_svg + "svg",
            new XAttribute("width", F(Width)),
            new XAttribute("height", F(height)),
            new XAttribute("viewBox", $"0 0 {F(Width)} {F(height)}"),
            new XAttribute("font-family", Font),
            new XAttribute("font-size", "12"),
            Defs(),
            Rect(0, 0, Width, height, "#ffffff"));

        svg.Add(Text(16, 28, TextExtent.Fit($"Startup waterfall — {result.ReportCommand ?? "command"}", 18, Width - 32), 18, "#111827", weight: "600"));
        svg.Add(Text(16, 48, TextExtent.Fit($"{run.Description} · ready {Ms(run.ReadyMs)} · process exit {Ms(run.ExitMs)} · whiskers: all runs · {result.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}Z", 12, Width - 32), 12, "#4b5563"));
        svg.Add(Text(16, 66, TextExtent.Fit(result.Command, 11, Width - 32), 11, "#6b7280", family: Monospace));

        for (var tick = 0.0; tick <= axisMax + (tickStep / 2); tick += tickStep)
        {
            var x = X(tick);
            svg.Add(Line(x, top, x, axisY, "#e5e7eb", 1, "grid"));
            svg.Add(Text(x, axisY + 16, Ms(tick, compact: true), LabelSize, "#6b7280", anchor: "middle"));
        }

        svg.Add(Line(PlotLeft, axisY, PlotRight, axisY, "#9ca3af", 1, "grid"));
        svg.Add(Text((PlotLeft + PlotRight) / 2, axisY + 34, "time since process start", LabelSize, "#6b7280", anchor: "middle"));

        for (var i = 0; i < run.Rows.Count; i++)
        {
            var rowY = top + (i * RowHeight);
            if (i % 2 == 1)
            {
                svg.Add(Rect(8, rowY, Width - 16, RowHeight, "#f9fafb"));
            }

            budgets.TryGetValue(run.Rows[i].Series.Name, out var budget);
            DrawPhase(svg, run.Rows[i], budget, rowY, X, axisMax);
        }

        DrawUnattributed(svg, run, top + (run.Rows.Count * RowHeight), X);

        for (var i = 0; i < markers.Count; i++)
        {
            var (x, label, colour, dash, stroke) = markers[i];
            if (dash != "none")
            {
                svg.Add(Line(x, top, x, axisY, colour, stroke, "marker", dash));
            }

            var (lane, left) = lanes[i];
            svg.Add(Text(left, top - 8 - (lane * LaneHeight), label, LabelSize, colour, weight: "600"));
        }

        svg.Add(legend);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), svg).Declaration + Environment.NewLine + svg.ToString();
    }

    public static void WriteFile(BenchResult result, string path)
    {
        BenchJson.CreateParent(path);
        File.WriteAllText(path, Render(result));
    }

    /// <summary>An axis step of 1, 2 or 5 × 10^k giving 5–10 ticks, and the axis end rounded up to a step.</summary>
    public static (double Step, double Max) NiceAxis(double max)
    {
        max = Math.Max(max, 0.001);
        var rough = max / 8;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = s_stepMultipliers.Select(m => m * magnitude).First(s => s >= rough);
        return (step, Math.Ceiling(max / step) * step);
    }

    private static void DrawPhase(XElement svg, WaterfallRow row, BudgetVerdict? budget, double rowY, Func<double, double> x, double axisMax)
    {
        var series = row.Series;
        var centre = rowY + (RowHeight / 2);
        var name = new XElement(
            s_svg + "text",
            new XAttribute("x", F(PlotLeft - 12)),
            new XAttribute("y", F(centre + 4)),
            new XAttribute("font-size", "12"),
            new XAttribute("text-anchor", "end"),
            new XAttribute(XNamespace.Xml + "space", "preserve"),
            new XAttribute("fill", series.Background ? "#6b7280" : "#111827"),
            TextExtent.Fit(series.Name, 12, PlotLeft - 20 - (series.Background ? TextExtent.Width(" (background)", 12) : 0)));
        if (series.Background)
        {
            name.Add(new XAttribute("font-style", "italic"));
            name.Add(new XElement(s_svg + "tspan", new XAttribute("fill", "#9ca3af"), " (background)"));
        }

        svg.Add(name);

        var s = series.Summary;
        var start = row.StartMs;
        var whisker = series.Background ? "#93c5fd" : "#1e3a8a";
        svg.Add(Line(x(start + s.Min), centre, x(start + s.P95), centre, whisker, 1.2, "whisker", opacity: 0.45));
        svg.Add(Line(x(start + s.Median), centre - 5, x(start + s.Median), centre + 5, whisker, 1.5, "whisker", opacity: 0.7));
        if (row.DurationMs is { } duration)
        {
            var barX = x(start);
            svg.Add(new XElement(
                s_svg + "rect",
                new XAttribute("class", "bar"),
                new XAttribute("x", F(barX)),
                new XAttribute("y", F(rowY + ((RowHeight - BarHeight) / 2))),
                new XAttribute("width", F(Math.Max(x(start + duration) - barX, 2))),
                new XAttribute("height", F(BarHeight)),
                new XAttribute("rx", "3"),
                new XAttribute("fill", series.Background ? "url(#background-hatch)" : "#2563eb"),
                new XAttribute("stroke", series.Background ? "#60a5fa" : "#1d4ed8"),
                new XAttribute("stroke-width", "1"),
                new XElement(s_svg + "title", $"{series.Name}: start {Ms(start)}, this run {Ms(duration)}; all runs median {Ms(s.Median)}, min {Ms(s.Min)}, p95 {Ms(s.P95)}")));
        }

        var value = row.DurationMs is { } d ? Ms(d) : "not in this run";
        if (budget is not null)
        {
            svg.Add(BudgetMarker(start + budget.BudgetMs, rowY, budget, x, axisMax));
            value += budget.Exceeded ? $" · OVER {Ms(budget.BudgetMs)} budget" : $" · budget {Ms(budget.BudgetMs)}";
        }

        svg.Add(Text(ValueX, centre + 4, TextExtent.Fit(value, LabelSize, Width - ValueX - 8), LabelSize, budget is { Exceeded: true } ? (budget.IsError ? "#b91c1c" : "#b45309") : "#374151"));
    }

    private static void DrawUnattributed(XElement svg, WaterfallRun run, double rowY, Func<double, double> x)
    {
        var centre = rowY + (RowHeight / 2);
        svg.Add(new XElement(
            s_svg + "text",
            new XAttribute("x", F(PlotLeft - 12)),
            new XAttribute("y", F(centre + 4)),
            new XAttribute("font-size", "12"),
            new XAttribute("text-anchor", "end"),
            new XAttribute("font-style", "italic"),
            new XAttribute("fill", "#6b7280"),
            "unattributed"));
        foreach (var (startMs, endMs) in run.Gaps)
        {
            svg.Add(new XElement(
                s_svg + "rect",
                new XAttribute("class", "band"),
                new XAttribute("x", F(x(startMs))),
                new XAttribute("y", F(rowY + ((RowHeight - BarHeight) / 2))),
                new XAttribute("width", F(Math.Max(x(endMs) - x(startMs), 1))),
                new XAttribute("height", F(BarHeight)),
                new XAttribute("fill", "url(#unattributed-hatch)"),
                new XAttribute("stroke", "#9ca3af"),
                new XAttribute("stroke-width", "0.8"),
                new XElement(s_svg + "title", $"no critical-path phase: {Ms(startMs)} → {Ms(endMs)} ({Ms(endMs - startMs)})")));
        }

        var share = run.ReadyMs > 0 ? (100 * run.UnattributedMs / run.ReadyMs).ToString("0", CultureInfo.InvariantCulture) : "0";
        svg.Add(Text(ValueX, centre + 4, $"{Ms(run.UnattributedMs)} · {share} % of ready", LabelSize, "#4b5563"));
    }

    private static XElement BudgetMarker(double atMs, double rowY, BudgetVerdict budget, Func<double, double> x, double axisMax)
    {
        var colour = BudgetColour(budget);
        var group = new XElement(s_svg + "g", new XElement(s_svg + "title", $"budget {Ms(budget.BudgetMs)} ({budget.Level}): {(budget.Exceeded ? "exceeded" : "within")}"));
        if (atMs > axisMax)
        {
            // Beyond the axis: an arrow at the plot's edge (the value column names the budget).
            var centre = rowY + (RowHeight / 2);
            group.Add(Path($"M {F(PlotRight - 8)} {F(centre - 5)} L {F(PlotRight)} {F(centre)} L {F(PlotRight - 8)} {F(centre + 5)} Z", colour));
            return group;
        }

        var mx = x(atMs);
        group.Add(Line(mx, rowY + 3, mx, rowY + RowHeight - 3, colour, 2.5, "marker"));
        group.Add(Path($"M {F(mx - 4)} {F(rowY + 1)} L {F(mx + 4)} {F(rowY + 1)} L {F(mx)} {F(rowY + 6)} Z", colour));
        return group;
    }

    private static string BudgetColour(BudgetVerdict budget) => budget.IsError ? "#dc2626" : budget.Exceeded ? "#d97706" : "#16a34a";

    private static XElement Defs()
        => new(
            s_svg + "defs",
            Hatch("background-hatch", "#dbeafe", "#60a5fa"),
            Hatch("unattributed-hatch", "#f3f4f6", "#9ca3af"));

    private static XElement Hatch(string id, string background, string stroke)
        => new(
            s_svg + "pattern",
            new XAttribute("id", id),
            new XAttribute("width", "6"),
            new XAttribute("height", "6"),
            new XAttribute("patternUnits", "userSpaceOnUse"),
            new XAttribute("patternTransform", "rotate(45)"),
            Rect(0, 0, 6, 6, background),
            Line(0, 0, 0, 6, stroke, 2.5));

    /// <summary>The legend's items left to right, wrapping onto a new line where the next would not fit.</summary>
    private static XElement Legend(double firstBaseline, out double bottom)
    {
        var legend = new XElement(s_svg + "g");
        var items = new (string Label, Func<double, double, IEnumerable<XElement>> Swatch)[]
        {
            ("critical-path phase (this run)", (x, y) => [Swatch(x, y, "#2563eb", null)]),
            ("background", (x, y) => [Swatch(x, y, "url(#background-hatch)", "#60a5fa")]),
            ("unattributed", (x, y) => [Swatch(x, y, "url(#unattributed-hatch)", "#9ca3af")]),
            ("min…p95 and median of all runs", (x, y) => [Line(x, y - 4, x + 18, y - 4, "#1e3a8a", 1.2, null, opacity: 0.45), Line(x + 11, y - 9, x + 11, y + 1, "#1e3a8a", 1.5, null, opacity: 0.7)]),
            ("budget: within / warn / error", (x, y) => [Line(x + 3, y - 11, x + 3, y + 2, "#16a34a", 2.5, null), Line(x + 9, y - 11, x + 9, y + 2, "#d97706", 2.5, null), Line(x + 15, y - 11, x + 15, y + 2, "#dc2626", 2.5, null)]),
            ("ready", (x, y) => [Line(x, y - 4, x + 18, y - 4, "#059669", 2, null, "6 4")]),
            ("exit", (x, y) => [Line(x, y - 4, x + 18, y - 4, "#6b7280", 1.5, null, "2 3")]),
        };
        double left = PlotLeft, baseline = firstBaseline;
        foreach (var (label, swatch) in items)
        {
            var width = 24 + TextExtent.Width(label, LabelSize);
            if (left + width > Width - 8 && left > PlotLeft)
            {
                left = PlotLeft;
                baseline += 20;
            }

            legend.Add(swatch(left, baseline));
            legend.Add(Text(left + 24, baseline, label, LabelSize, "#374151"));
            left += width + 22;
        }

        bottom = baseline;
        return legend;
    }

    private static XElement Swatch(double x, double y, string fill, string? stroke)
    {
        var rect = new XElement(s_svg + "rect", new XAttribute("x", F(x)), new XAttribute("y", F(y - 9)), new XAttribute("width", "18"), new XAttribute("height", "10"), new XAttribute("rx", "2"), new XAttribute("fill", fill));
        if (stroke is not null)
        {
            rect.Add(new XAttribute("stroke", stroke));
        }

        return rect;
    }

    private static XElement Path(string d, string fill) => new(s_svg + "path", new XAttribute("d", d), new XAttribute("fill", fill));

    private static XElement Rect(double x, double y, double width, double height, string fill)
        => new(s_svg + "rect", new XAttribute("x", F(x)), new XAttribute("y", F(y)), new XAttribute("width", F(width)), new XAttribute("height", F(height)), new XAttribute("fill", fill));

    private static XElement Line(double x1, double y1, double x2, double y2, string stroke, double width, string? kind = null, string? dash = null, double opacity = 1)
    {
        var line = new XElement(
            s_svg + "line",
            new XAttribute("x1", F(x1)),
            new XAttribute("y1", F(y1)),
            new XAttribute("x2", F(x2)),
            new XAttribute("y2", F(y2)),
            new XAttribute("stroke", stroke),
            new XAttribute("stroke-width", F(width)));
        if (kind is not null)
        {
            line.Add(new XAttribute("class", kind));
        }

        if (dash is not null)
        {
            line.Add(new XAttribute("stroke-dasharray", dash));
        }

        if (opacity < 1)
        {
            line.Add(new XAttribute("stroke-opacity", F(opacity)));
        }

        return line;
    }

    private static XElement Text(double x, double y, string text, double size, string fill, string anchor = "start", string? weight = null, string? family = null)
    {
        var element = new XElement(
            s_svg + "text",
            new XAttribute("x", F(x)),
            new XAttribute("y", F(y)),
            new XAttribute("font-size", F(size)),
            new XAttribute("fill", fill),
            new XAttribute("text-anchor", anchor),
            text);
        if (weight is not null)
        {
            element.Add(new XAttribute("font-weight", weight));
        }

        if (family is not null)
        {
            element.Add(new XAttribute("font-family", family));
        }

        return element;
    }

    private static string Ms(double ms, bool compact = false)
        => compact
            ? ms >= 1000 ? (ms / 1000).ToString("0.##", CultureInfo.InvariantCulture) + " s" : ms.ToString("0.##", CultureInfo.InvariantCulture) + " ms"
            : DurationText.Milliseconds(ms);

    private static string F(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);
}
