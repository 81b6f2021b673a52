using System.Globalization;
using System.Xml.Linq;
using Aurora.Instrumentation.Testing.Checks;
using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Startup.Tool.Bench;
using Aurora.Startup.Tool.Tests.Fakes;
using Aurora.Startup.Tool.Waterfall;

namespace Aurora.Startup.Tool.Tests.Waterfall;

public class WaterfallSvgTests
{
    private static readonly XNamespace s_ns = SvgGeometry.Svg;

    [Fact]
    public void Draws_the_real_median_run_with_every_phase_budget_line_and_the_unattributed_band()
    {
        var svg = XDocument.Parse(WaterfallSvg.Render(SampleResults.Create()));
        var texts = svg.Descendants(s_ns + "text").Select(t => t.Value).ToList();

        Assert.Equal(s_ns + "svg", svg.Root!.Name);
        foreach (var phase in new[] { "runtime", "config", "model_load", "store_init" })
        {
            Assert.Contains(texts, t => t.StartsWith(phase, StringComparison.Ordinal));
        }

        // Run #2 is the median by total (119 120 [121] 125 140): its ready and exit, not the medians' composite.
        Assert.Contains(texts, t => t.StartsWith("median run (#2 of 5 by total) · ready 121.0 ms · process exit 151.0 ms", StringComparison.Ordinal));
        Assert.Contains("ready 121.0 ms", texts);
        Assert.Contains("exit 151.0 ms", texts);
        Assert.Contains("total budget 3.00 s ▸", texts);
        Assert.Contains("11.00 ms · OVER 8.00 ms budget", texts);
        Assert.Contains("5.00 ms · budget 100.0 ms", texts);

        // The bars are that run's phases (config 11 ms from 43 ms), background hatched, critical path solid.
        var bars = svg.Descendants(s_ns + "rect").Where(r => (string?)r.Attribute("class") == "bar").ToList();
        Assert.Equal(4, bars.Count);
        Assert.StartsWith("config: start 43.00 ms, this run 11.00 ms; all runs median 10.00 ms", bars.Single(b => Title(b).StartsWith("config", StringComparison.Ordinal)).Element(s_ns + "title")!.Value, StringComparison.Ordinal);
        Assert.Equal("url(#background-hatch)", bars.Single(b => Title(b).StartsWith("model_load", StringComparison.Ordinal)).Attribute("fill")!.Value);

        // What no critical-path phase covered in that run: 42→43 and 59→121 ms, labelled with the sum.
        var bands = svg.Descendants(s_ns + "rect").Where(r => (string?)r.Attribute("class") == "band").Select(Title).ToList();
        Assert.Equal(["no critical-path phase: 42.00 ms → 43.00 ms (1.00 ms)", "no critical-path phase: 59.00 ms → 121.0 ms (62.00 ms)"], bands);
        Assert.Contains("unattributed", texts);
        Assert.Contains("63.00 ms · 52 % of ready", texts);

        // Whiskers: min…p95 and a median tick per phase.
        Assert.Equal(8, svg.Descendants(s_ns + "line").Count(l => (string?)l.Attribute("class") == "whisker"));
    }

    [Fact]
    public void A_result_without_per_run_phases_draws_the_medians_and_says_so()
    {
        var result = SampleResults.Create();
        var composite = new BenchResult
        {
            Command = result.Command,
            ReportCommand = result.ReportCommand,
            Runs = result.Runs,
            Metrics = result.Metrics,
            Budgets = result.Budgets,
            RunRecords = [.. result.RunRecords.Select(r => r with { Phases = [] })],
        };

        var texts = XDocument.Parse(WaterfallSvg.Render(composite)).Descendants(s_ns + "text").Select(t => t.Value).ToList();

        Assert.Contains(texts, t => t.StartsWith("medians of 5 runs · ready 121.0 ms", StringComparison.Ordinal));
    }

    public static TheoryData<string> Layouts() => ["sample", "crowded markers", "long names and labels", "budgets beyond the axis", "many phases"];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void No_label_overlaps_another_label_a_line_or_a_bar(string layout)
    {
        var svg = XDocument.Parse(WaterfallSvg.Render(Layout(layout)));
        var width = double.Parse(svg.Root!.Attribute("width")!.Value, CultureInfo.InvariantCulture);
        var height = double.Parse(svg.Root!.Attribute("height")!.Value, CultureInfo.InvariantCulture);
        var texts = SvgGeometry.Texts(svg);
        var obstacles = SvgGeometry.Lines(svg, "marker").Concat(SvgGeometry.Rects(svg, "bar")).Concat(SvgGeometry.Rects(svg, "band")).ToList();

        var problems = new List<string>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i].Left < 0 || texts[i].Right > width || texts[i].Top < 0 || texts[i].Bottom > height)
            {
                problems.Add($"{texts[i]} leaves the {width}×{height} canvas");
            }

            problems.AddRange(texts.Skip(i + 1).Where(texts[i].Overlaps).Select(other => $"{texts[i]} overlaps {other}"));
            problems.AddRange(obstacles.Where(texts[i].Overlaps).Select(other => $"{texts[i]} overlaps {other}"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(texts.Count > 15, $"{texts.Count} texts: the layout drew too little to be checked");
    }

    [Fact]
    public void Text_is_escaped()
    {
        var svg = WaterfallSvg.Render(SampleResults.Create(command: "cmd '<&>'"));

        Assert.Contains("cmd '&lt;&amp;&gt;'", svg, StringComparison.Ordinal);
        _ = XDocument.Parse(svg);
    }

    [Theory]
    [InlineData(121, 20, 140)]
    [InlineData(0.9, 0.2, 1.0)]
    [InlineData(3000, 500, 3000)]
    public void Axis_steps_are_nice(double max, double step, double end)
    {
        var axis = WaterfallSvg.NiceAxis(max);

        Assert.Equal(step, axis.Step, 10);
        Assert.Equal(end, axis.Max, 10);
    }

    private static string Title(XElement element) => element.Element(s_ns + "title")?.Value ?? string.Empty;

    /// <summary>Results built to crowd the layout: markers within a few pixels of each other, long texts, edge budgets.</summary>
    private static BenchResult Layout(string name)
    {
        var sample = SampleResults.Create();
        return name switch
        {
            "sample" => sample,
            "crowded markers" => Synthetic(
                [("runtime", 0, 40, false), ("config", 40, 70, false)],
                total: 110, wall: 111,
                [new BudgetVerdict("m", "total", 112, 112, 112, BudgetVerdict.ErrorLevel, false), new BudgetVerdict("m", "config", 70, 71, 71, BudgetVerdict.WarnLevel, false)]),
            "long names and labels" => Synthetic(
                [("runtime", 0, 40, false), ("a_phase_with_a_very_long_identifier_indeed", 40, 30, false), ("another_background_phase_with_a_long_name", 45, 400, true)],
                total: 460, wall: 1460,
                [new BudgetVerdict("m", "a_phase_with_a_very_long_identifier_indeed", 30, 1, 1, BudgetVerdict.ErrorLevel, true)],
                command: string.Concat(Enumerable.Repeat("dotnet /a/very/long/path/to/aur.dll soar 'what is the meaning of startup?' ", 5))),
            "budgets beyond the axis" => Synthetic(
                [("runtime", 0, 40, false), ("config", 40, 10, false), ("store_init", 50, 5, false)],
                total: 60, wall: 62,
                [new BudgetVerdict("m", "runtime", 40, 2000, 2000, BudgetVerdict.WarnLevel, false), new BudgetVerdict("m", "store_init", 5, 100, 100, BudgetVerdict.WarnLevel, false), new BudgetVerdict("m", "total", 60, 3000, 3000, BudgetVerdict.ErrorLevel, false)]),
            _ => Synthetic(
                [.. Enumerable.Range(0, 14).Select(i => ($"phase_{i}", i * 10.0, 9.0 + i, i % 4 == 3))],
                total: 150, wall: 149,
                [.. Enumerable.Range(0, 14).Select(i => new BudgetVerdict("m", $"phase_{i}", 9 + i, 12, 12, i % 2 == 0 ? BudgetVerdict.WarnLevel : BudgetVerdict.ErrorLevel, 9 + i > 12))]),
        };
    }

    private static BenchResult Synthetic(IReadOnlyList<(string Name, double Start, double Duration, bool Background)> phases, double total, double wall, IReadOnlyList<BudgetVerdict> budgets, string command = "dotnet aur.dll soar q")
    {
        // Three runs: the median (by total) is the given one; the others are 10 % faster and slower.
        double[] scales = [0.9, 1.0, 1.1];
        return new BenchResult
        {
            Command = command,
            ReportCommand = "soar",
            Runs = 3,
            Metrics =
            [
                .. phases.Select(p => new MetricSeries(p.Name, MetricKind.Phase, [.. scales.Select(s => p.Duration * s)], p.Background, [p.Start, p.Start, p.Start])),
                new MetricSeries(MetricSeries.TotalName, MetricKind.Total, [.. scales.Select(s => total * s)]),
                new MetricSeries(MetricSeries.WallName, MetricKind.Wall, [.. scales.Select(s => wall * s)]),
            ],
            Budgets = budgets,
            RunRecords = [.. scales.Select((s, i) => new RunRecord(i, false, RunStatus.Ok, 0, wall * s, null, total * s, null)
            {
                Phases = [.. phases.Select(p => new RunPhase(p.Name, p.Start * s, p.Duration * s, p.Background))],
            })],
        };
    }
}
