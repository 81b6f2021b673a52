using System.Text;
using System.Text.Json;
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

        var counters = config.GetProperty("counters");
        Assert.Equal(54, counters.GetProperty("jitMethods").GetProperty("median").GetDouble());
        Assert.Equal(5, counters.GetProperty("allocatedBytes").GetProperty("samples").GetArrayLength());
        Assert.Equal(5.9, counters.GetProperty("lazyWaitMs").GetProperty("median").GetDouble());
        Assert.False(counters.TryGetProperty("hiddenPercent", out _));
        var model = root.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "model_load");
        Assert.Equal(100, model.GetProperty("counters").GetProperty("hiddenPercent").GetProperty("median").GetDouble());
        var kinds = root.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("kind").GetString());
        Assert.Equal("unattributed", kinds["unattributed"]);
        Assert.Equal("overhead", kinds["overhead"]);
        Assert.False(root.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "total").TryGetProperty("counters", out _));
        var phases = root.GetProperty("runResults")[2].GetProperty("phases");
        Assert.Equal(["runtime", "config", "model_load", "store_init"], phases.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(43, phases[1].GetProperty("startMs").GetDouble());
        Assert.Equal(11, phases[1].GetProperty("durationMs").GetDouble());
        Assert.True(phases[2].GetProperty("background").GetBoolean());

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
        Assert.Equal(original.RunRecords.Select(r => r with { Phases = [] }), read.RunRecords.Select(r => r with { Phases = [] }));
        Assert.Equal(original.RunRecords.SelectMany(r => r.Phases), read.RunRecords.SelectMany(r => r.Phases));
        Assert.Equal(original.Find("store_init")!.Counters!.All.Select(c => c.Values), read.Find("store_init")!.Counters!.All.Select(c => c.Values));
        Assert.Equal(original.Find("unattributed")!.Values, read.Find("unattributed")!.Values);
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
        Assert.Contains(lines, l => l.StartsWith("| unattributed (critical path) | 5 | 63.00 ms | 65.00 ms |", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| overhead (library) | 5 |", StringComparison.Ordinal));
        Assert.Contains("| phase | JIT methods | JIT time | assemblies | allocated | lazy wait | hidden |", lines);
        Assert.Contains("| store_init | 265 | 41.50 ms | 11 | 4.0 MiB | 4.90 ms | - |", lines);
        Assert.Contains("| model_load (background) | 174 | 36.50 ms | 8 | 4.0 MiB | 0.00 ms | 100 % |", lines);
        Assert.Contains(lines, l => l.StartsWith("| median of 5 runs | config | 10.00 ms | 8.00 ms |", StringComparison.Ordinal) && l.Contains("over (warn)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("timed-out", StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_has_header_and_one_row_per_metric()
    {
        var rows = CsvExport.Render(SampleResults.Create(command: "dotnet \"x\"")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(CsvExport.Header, rows[0]);
        Assert.Equal(10, rows.Length);
        Assert.Equal("config,phase,ms,false,5,9,10,14,8.972,26.2,30,1,1,54,5.6,2,0,5.9,", rows[2]);
        Assert.Equal("model_load,phase,ms,true,5,79,80,80.4,1.14,81.8,82,1,0,174,36.5,8,4207688,0,100", rows[3]);
        Assert.StartsWith("unattributed,unattributed,ms,false,5,63,65,", rows[6], StringComparison.Ordinal);
        Assert.StartsWith("memory,memory,bytes,false,5,50000000,", rows[9], StringComparison.Ordinal);
        Assert.EndsWith(",,,,,,", rows[9], StringComparison.Ordinal);
        Assert.All(rows, row => Assert.Equal(19, row.Split(',').Length));
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
