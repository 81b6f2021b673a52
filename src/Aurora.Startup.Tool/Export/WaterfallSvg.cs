using System.Globalization;
using System.Xml.Linq;
using Aurora.Instrumentation;
using Aurora.Instrumentation.Testing.Checks;
using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Startup.Tool.Bench;

namespace Aurora.Startup.Tool.Export;

/// <summary>
/// The <c>--export-svg</c> waterfall of the median run: one row per phase, a bar from its median start for its
/// median duration on a time axis from process start, a faint whisker for its min…p95 duration, background phases
/// hatched and lighter, budget markers (green within, amber warn overrun, red error overrun), the ready line at the
/// median total and the process exit at the median wall time. Built with XLinq, so it is always well-formed.
/// </summary>
internal static class WaterfallSvg
{
    private const double Width = 1000;
    private const double LabelWidth = 200;
    private const double RightMargin = 170;
    private const double Top = 112;
    private const double RowHeight = 30;
    private const double BarHeight = 16;
    private const string Font = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";
    private static readonly double[] s_stepMultipliers = [1.0, 2.0, 5.0, 10.0];

    public static string Render(BenchResult result)
    {
        var phases = result.Phases.ToList();
        var total = result.Find(MetricSeries.TotalName);
        var wall = result.Find(MetricSeries.WallName);
        var totalMs = total?.Summary.Median ?? 0;
        var wallMs = wall?.Summary.Median ?? 0;
        var budgets = result.Budgets.ToDictionary(b => b.Phase, StringComparer.Ordinal);

        var ends = phases.Select(p => p.StartMedian + p.Summary.P95).Append(totalMs).Append(wallMs);
        var budgetEnds = phases.Where(p => budgets.ContainsKey(p.Name)).Select(p => p.StartMedian + budgets[p.Name].BudgetMs);
        if (budgets.TryGetValue(BudgetSet.Total, out var totalBudget))
        {
            budgetEnds = budgetEnds.Append(totalBudget.BudgetMs);
        }

        var dataMax = Math.Max(ends.DefaultIfEmpty(1).Max(), 0.001);

        // A budget far beyond the data would squash every bar: such a marker is drawn as an arrow at the edge instead.
        var scaleMax = Math.Max(dataMax, budgetEnds.Where(end => end <= dataMax * 1.6).DefaultIfEmpty(0).Max());
        var (tickStep, axisMax) = NiceAxis(scaleMax * 1.02);
        var plotWidth = Width - LabelWidth - RightMargin;
        double X(double ms) => LabelWidth + (Math.Clamp(ms, 0, axisMax) / axisMax * plotWidth);

        var rowsHeight = Math.Max(phases.Count, 1) * RowHeight;
        var axisY = Top + rowsHeight + 8;
        var height = axisY + 86;
        var svg = new XElement(
            s_svg + "svg",
            new XAttribute("width", F(Width)),
            new XAttribute("height", F(height)),
            new XAttribute("viewBox", $"0 0 {F(Width)} {F(height)}"),
            new XAttribute("font-family", Font),
            new XAttribute("font-size", "12"),
            Defs(),
            Rect(0, 0, Width, height, "#ffffff"));

        var okRuns = total?.Summary.Count ?? 0;
        svg.Add(Text(16, 28, $"Startup waterfall — {result.ReportCommand ?? "command"}", 18, "#111827", weight: "600"));
        svg.Add(Text(16, 48, $"median of {okRuns} run{(okRuns == 1 ? string.Empty : "s")} · ready {Ms(totalMs)} · process exit {Ms(wallMs)} · {result.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}Z", 12, "#4b5563"));
        svg.Add(Text(16, 66, Truncate(result.Command, 140), 11, "#6b7280", family: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace"));

        // Grid and axis.
        for (var tick = 0.0; tick <= axisMax + (tickStep / 2); tick += tickStep)
        {
            var x = X(tick);
            svg.Add(Line(x, Top - 6, x, axisY, "#e5e7eb", 1));
            svg.Add(Text(x, axisY + 16, Ms(tick, compact: true), 11, "#6b7280", anchor: "middle"));
        }

        svg.Add(Line(LabelWidth, axisY, LabelWidth + plotWidth, axisY, "#9ca3af", 1));
        svg.Add(Text(LabelWidth + (plotWidth / 2), axisY + 34, "time since process start", 11, "#6b7280", anchor: "middle"));

        for (var i = 0; i < phases.Count; i++)
        {
            var phase = phases[i];
            var y = Top + (i * RowHeight);
            var barY = y + ((RowHeight - BarHeight) / 2);
            var centre = y + (RowHeight / 2);
            if (i % 2 == 1)
            {
                svg.Add(Rect(8, y, Width - 16, RowHeight, "#f9fafb"));
            }

            var name = new XElement(
                s_svg + "text",
                new XAttribute("x", F(LabelWidth - 12)),
                new XAttribute("y", F(centre + 4)),
                new XAttribute("text-anchor", "end"),
                new XAttribute(XNamespace.Xml + "space", "preserve"),
                new XAttribute("fill", phase.Background ? "#6b7280" : "#111827"),
                phase.Name);
            if (phase.Background)
            {
                name.Add(new XAttribute("font-style", "italic"));
                name.Add(new XElement(s_svg + "tspan", new XAttribute("fill", "#9ca3af"), " (background)"));
            }

            svg.Add(name);

            var start = phase.StartMedian;
            var duration = phase.Summary.Median;
            svg.Add(Line(X(start + phase.Summary.Min), centre, X(start + phase.Summary.P95), centre, phase.Background ? "#93c5fd" : "#1e3a8a", 1.2, opacity: 0.45));
            var barX = X(start);
            var barWidth = Math.Max(X(start + duration) - barX, 2);
            var bar = new XElement(
                s_svg + "rect",
                new XAttribute("x", F(barX)),
                new XAttribute("y", F(barY)),
                new XAttribute("width", F(barWidth)),
                new XAttribute("height", F(BarHeight)),
                new XAttribute("rx", "3"),
                new XAttribute("fill", phase.Background ? "url(#background-hatch)" : "#2563eb"),
                new XAttribute("stroke", phase.Background ? "#60a5fa" : "#1d4ed8"),
                new XAttribute("stroke-width", "1"),
                new XElement(s_svg + "title", $"{phase.Name}: start {Ms(start)}, median {Ms(duration)}, min {Ms(phase.Summary.Min)}, p95 {Ms(phase.Summary.P95)}"));
            svg.Add(bar);

            var label = Ms(duration);
            var labelX = Math.Max(X(start + phase.Summary.P95), barX + barWidth) + 8;
            if (budgets.TryGetValue(phase.Name, out var budget))
            {
                svg.Add(BudgetMarker(start + budget.BudgetMs, y, budget, X, axisMax, LabelWidth + plotWidth));
                label += budget.Exceeded ? $" — over {Ms(budget.BudgetMs)} budget" : $" / {Ms(budget.BudgetMs)}";
                if (start + budget.BudgetMs <= axisMax)
                {
                    labelX = Math.Max(labelX, X(start + budget.BudgetMs) + 10);
                }
            }

            svg.Add(Text(labelX, centre + 4, label, 11, budget is { Exceeded: true } ? (budget.IsError ? "#b91c1c" : "#b45309") : "#374151"));
        }

        // Ready and exit lines over the rows.
        if (total is not null)
        {
            var x = X(totalMs);
            svg.Add(Line(x, Top - 14, x, axisY, "#059669", 2, dash: "6 4"));
            svg.Add(Text(x, Top - 20, $"ready {Ms(totalMs)}", 11, "#047857", anchor: "middle", weight: "600"));
        }

        if (wall is not null)
        {
            var x = X(wallMs);
            svg.Add(Line(x, Top - 6, x, axisY, "#6b7280", 1.5, dash: "2 3"));
            svg.Add(Text(x + 4, axisY - 4, $"exit {Ms(wallMs)}", 10, "#4b5563"));
        }

        if (totalBudget is not null)
        {
            var colour = BudgetColour(totalBudget);
            if (totalBudget.BudgetMs <= axisMax)
            {
                var x = X(totalBudget.BudgetMs);
                svg.Add(Line(x, Top - 6, x, axisY, colour, 2));
                svg.Add(Text(x + 4, Top - 2, $"total budget {Ms(totalBudget.BudgetMs)}", 10, colour));
            }
            else
            {
                svg.Add(Text(LabelWidth + plotWidth + 6, Top - 2, $"total budget {Ms(totalBudget.BudgetMs)} ▸", 10, colour));
            }
        }

        svg.Add(Legend(axisY + 56));
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

    private static XElement BudgetMarker(double atMs, double rowY, BudgetVerdict budget, Func<double, double> x, double axisMax, double right)
    {
        var colour = BudgetColour(budget);
        var group = new XElement(s_svg + "g", new XElement(s_svg + "title", $"budget {Ms(budget.BudgetMs)} ({budget.Level}): {(budget.Exceeded ? "exceeded" : "within")}"));
        if (atMs > axisMax)
        {
            group.Add(Text(right + 6, rowY + (RowHeight / 2) + 4, $"budget {Ms(budget.BudgetMs)} ▸", 10, colour));
            return group;
        }

        var mx = x(atMs);
        group.Add(Line(mx, rowY + 3, mx, rowY + RowHeight - 3, colour, 2.5));
        group.Add(new XElement(
            s_svg + "path",
            new XAttribute("d", $"M {F(mx - 4)} {F(rowY + 1)} L {F(mx + 4)} {F(rowY + 1)} L {F(mx)} {F(rowY + 6)} Z"),
            new XAttribute("fill", colour)));
        return group;
    }

    private static string BudgetColour(BudgetVerdict budget) => budget.IsError ? "#dc2626" : budget.Exceeded ? "#d97706" : "#16a34a";

    private static XElement Defs()
        => new(
            s_svg + "defs",
            new XElement(
                s_svg + "pattern",
                new XAttribute("id", "background-hatch"),
                new XAttribute("width", "6"),
                new XAttribute("height", "6"),
                new XAttribute("patternUnits", "userSpaceOnUse"),
                new XAttribute("patternTransform", "rotate(45)"),
                Rect(0, 0, 6, 6, "#dbeafe"),
                Line(0, 0, 0, 6, "#60a5fa", 2.5)));

    private static XElement Legend(double y)
    {
        var legend = new XElement(s_svg + "g");
        var x = LabelWidth;
        legend.Add(new XElement(s_svg + "rect", new XAttribute("x", F(x)), new XAttribute("y", F(y - 9)), new XAttribute("width", "18"), new XAttribute("height", "10"), new XAttribute("rx", "2"), new XAttribute("fill", "#2563eb")));
        legend.Add(Text(x + 24, y, "critical path", 11, "#374151"));
        x += 110;
        legend.Add(new XElement(s_svg + "rect", new XAttribute("x", F(x)), new XAttribute("y", F(y - 9)), new XAttribute("width", "18"), new XAttribute("height", "10"), new XAttribute("rx", "2"), new XAttribute("fill", "url(#background-hatch)"), new XAttribute("stroke", "#60a5fa")));
        legend.Add(Text(x + 24, y, "background", 11, "#374151"));
        x += 100;
        legend.Add(Line(x, y - 4, x + 18, y - 4, "#1e3a8a", 1.2, opacity: 0.45));
        legend.Add(Text(x + 24, y, "min…p95", 11, "#374151"));
        x += 86;
        legend.Add(Line(x + 9, y - 11, x + 9, y + 2, "#16a34a", 2.5));
        legend.Add(Line(x + 15, y - 11, x + 15, y + 2, "#d97706", 2.5));
        legend.Add(Line(x + 21, y - 11, x + 21, y + 2, "#dc2626", 2.5));
        legend.Add(Text(x + 30, y, "budget: within / warn / error", 11, "#374151"));
        x += 200;
        legend.Add(Line(x, y - 4, x + 18, y - 4, "#059669", 2, dash: "6 4"));
        legend.Add(Text(x + 24, y, "ready", 11, "#374151"));
        x += 62;
        legend.Add(Line(x, y - 4, x + 18, y - 4, "#6b7280", 1.5, dash: "2 3"));
        legend.Add(Text(x + 24, y, "exit", 11, "#374151"));
        return legend;
    }

    private static XElement Rect(double x, double y, double width, double height, string fill)
        => new(s_svg + "rect", new XAttribute("x", F(x)), new XAttribute("y", F(y)), new XAttribute("width", F(width)), new XAttribute("height", F(height)), new XAttribute("fill", fill));

    private static XElement Line(double x1, double y1, double x2, double y2, string stroke, double width, string? dash = null, double opacity = 1)
    {
        var line = new XElement(
            s_svg + "line",
            new XAttribute("x1", F(x1)),
            new XAttribute("y1", F(y1)),
            new XAttribute("x2", F(x2)),
            new XAttribute("y2", F(y2)),
            new XAttribute("stroke", stroke),
            new XAttribute("stroke-width", F(width)));
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
    {
        if (compact)
        {
            return ms >= 1000 ? (ms / 1000).ToString("0.##", CultureInfo.InvariantCulture) + " s" : ms.ToString("0.##", CultureInfo.InvariantCulture) + " ms";
        }

        return DurationText.Milliseconds(ms);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string F(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);
}
