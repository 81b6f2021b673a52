using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Startup.Tool.Bench;
using Aurora.Startup.Tool.Export;
using Aurora.Startup.Tool.Tests.Fakes;

namespace Aurora.Startup.Tool.Tests.Export;

public class ExporterTests
{
    private static string Json(BenchResult result)
    {
        using var buffer = new MemoryStream();
        BenchJson.Write(result, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Fact]
    public void Json_has_the_documented_schema()
    {
        using var document = JsonDocument.Parse(Json(SampleResults.Create()));
        var root = document.RootElement;

        Assert.Equal("aurora.startup.bench/1", root.GetProperty("schema").GetString());
        Assert.Equal("soar", root.GetProperty("reportCommand").GetString());
        Assert.Equal(5, root.GetProperty("runs").GetInt32());
        Assert.Equal("median", root.GetProperty("aggregate").GetString());
        var config = root.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "config");
        Assert.Equal("phase", config.GetProperty("kind").GetString());
        Assert.Equal("ms", config.GetProperty("unit").GetString());
        Assert.Equal(10, config.GetProperty("median").GetDouble());
        Assert.Equal(5, config.GetProperty("samples").GetArrayLength());
        Assert.Equal([4], config.GetProperty("outliers").EnumerateArray().Select(e => e.GetInt32()));
        foreach (var name in new[] { "count", "min", "median", "mean", "stddev", "p95", "max", "mad", "startMedianMs" })
        {
            Assert.True(config.TryGetProperty(name, out _), name);
        }

        var budget = root.GetProperty("budgets")[0];
        Assert.Equal("config", budget.GetProperty("phase").GetString());
        Assert.True(budget.GetProperty("exceeded").GetBoolean());
        Assert.Equal("timed-out", root.GetProperty("runResults").EnumerateArray().Last().GetProperty("status").GetString());
    }

    [Fact]
    public void Json_round_trips()
    {
        var original = SampleResults.Create();
        var read = BenchJson.Read(Encoding.UTF8.GetBytes(Json(original)));

        Assert.Equal(original.Command, read.Command);
        Assert.Equal(original.Metrics.Select(m => (m.Name, m.Kind, m.Background)), read.Metrics.Select(m => (m.Name, m.Kind, m.Background)));
        Assert.Equal(original.Find("total")!.Values, read.Find("total")!.Values);
        Assert.Equal(original.Find("config")!.StartMedian, read.Find("config")!.StartMedian);
        Assert.Equal(original.Budgets, read.Budgets);
        Assert.Equal(original.RunRecords, read.RunRecords);
        Assert.Equal(original.CreatedAt, read.CreatedAt);
    }

    [Theory]
    [InlineData("{\"schema\": \"aurora.startup.report/1\"}")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"schema\": \"aurora.startup.bench/1\", \"metrics\": 3}")]
    public void Json_reader_rejects_what_is_not_a_bench_result(string text)
        => Assert.Throws<FormatException>(() => BenchJson.Read(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Markdown_has_a_table_row_per_metric()
    {
        var markdown = MarkdownExport.Render(SampleResults.Create());
        var lines = markdown.Split('\n');

        Assert.Contains("| metric | n | min | median | mean | stddev | p95 | max | outliers |", lines);
        Assert.Contains("|---|---:|---:|---:|---:|---:|---:|---:|---:|", lines);
        Assert.Contains(lines, l => l.StartsWith("| config | 5 | 9.00 ms | 10.00 ms |", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| model_load (background) |", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| total (to ready) |", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| peak memory | 5 | 47.7 MiB |", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| median of 5 runs | config | 10.00 ms | 8.00 ms |", StringComparison.Ordinal) && l.Contains("over (warn)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("timed-out", StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_has_header_and_one_row_per_metric()
    {
        var rows = CsvExport.Render(SampleResults.Create(command: "dotnet \"x\"")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(CsvExport.Header, rows[0]);
        Assert.Equal(8, rows.Length);
        Assert.Equal("config,phase,ms,false,5,9,10,14,8.972,26.2,30,1,1", rows[2]);
        Assert.StartsWith("memory,memory,bytes,false,5,50000000,", rows[7], StringComparison.Ordinal);
        Assert.All(rows, row => Assert.Equal(13, row.Split(',').Length));
    }

    [Fact]
    public void Svg_is_well_formed_and_draws_every_phase_budget_and_line()
    {
        var result = SampleResults.Create();
        var svg = XDocument.Parse(WaterfallSvg.Render(result));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToList();

        Assert.Equal(ns + "svg", svg.Root!.Name);
        foreach (var phase in result.Phases)
        {
            Assert.Contains(texts, t => t.StartsWith(phase.Name, StringComparison.Ordinal));
        }

        Assert.Contains(texts, t => t.StartsWith("ready 121.0 ms", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("exit 151.0 ms", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("over 8.00 ms budget", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("total budget 3.00 s", StringComparison.Ordinal));

        // Background phases are hatched, critical-path ones solid.
        var bars = svg.Descendants(ns + "rect").Where(r => r.Element(ns + "title") is not null).ToList();
        Assert.Equal(4, bars.Count);
        Assert.Equal("url(#background-hatch)", bars.Single(b => b.Element(ns + "title")!.Value.StartsWith("model_load", StringComparison.Ordinal)).Attribute("fill")!.Value);
        Assert.Single(svg.Descendants(ns + "pattern"), p => p.Attribute("id")!.Value == "background-hatch");
    }

    [Fact]
    public void Svg_escapes_text()
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

    [Fact]
    public void Run_status_names_round_trip()
    {
        foreach (var status in Enum.GetValues<RunStatus>())
        {
            Assert.Equal(status, RunStatusText.Parse(RunStatusText.Format(status)));
        }
    }
}
