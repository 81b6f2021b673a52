using System.Text.Json;
using System.Xml.Linq;
using Aurora.Instrumentation.Testing.Tests.Fakes;
using Aurora.Startup.Tool.Tests.Fakes;

namespace Aurora.Startup.Tool.Tests.EndToEnd;

[Collection(SerialChildProcesses.Name)]
public class BenchEndToEndTests
{
    private static string Budgets(TempDirectory temp, string configBudget, string level)
    {
        var path = temp.File("aurora.budgets.json");
        File.WriteAllText(path, $$"""
            {
              // test budgets
              "commands": {
                "*": { "phases": { "store_init": "10s" } },
                "benchy": { "phases": { "config": { "budget": "{{configBudget}}", "level": "{{level}}" } }, "total": "60s" }
              }
            }
            """);
        return path;
    }

    [Fact]
    public async Task Bench_summarises_exports_and_fails_on_an_error_level_overrun()
    {
        using var temp = new TempDirectory();
        string[] args =
        [
            "bench", "-n", "3", "--warmup", "1", "--budgets", Budgets(temp, "1ms", "error"),
            "--export-json", temp.File("out/result.json"), "--export-markdown", temp.File("out/result.md"),
            "--export-csv", temp.File("out/result.csv"), "--export-svg", temp.File("out/result.svg"),
            "--", .. ChildCommands.Fake("--command", "benchy", "--phase", "config:8", "--phase", "store_init:1", "--background", "model_load:10"),
        ];

        var (exitCode, output, error) = await ToolRun.RunAsync(args);

        Assert.True(exitCode == 1, output + error);
        Assert.Contains("3 of 3 runs ok, 1 warm-up", output, StringComparison.Ordinal);
        Assert.Contains("model_load (background)", output, StringComparison.Ordinal);
        Assert.Contains("total (to ready)", output, StringComparison.Ordinal);
        Assert.Contains("OVER (error)", output, StringComparison.Ordinal);
        Assert.Matches(@"\nunattributed \(critical path\)\s+3\s", output);
        Assert.Matches(@"\noverhead \(library\)\s+3\s", output);
        Assert.Contains("what the phases did (medians)", output, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(File.ReadAllText(temp.File("out/result.json")));
        var metrics = json.RootElement.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Equal("benchy", json.RootElement.GetProperty("reportCommand").GetString());
        Assert.Equal(3, metrics["config"].GetProperty("samples").GetArrayLength());
        Assert.InRange(metrics["config"].GetProperty("median").GetDouble(), 7.5, 10_000);
        Assert.True(metrics.ContainsKey("runtime") && metrics.ContainsKey("total") && metrics.ContainsKey("wall"));
        Assert.Equal(4, json.RootElement.GetProperty("runResults").GetArrayLength());
        var budgets = json.RootElement.GetProperty("budgets").EnumerateArray().ToDictionary(b => b.GetProperty("phase").GetString()!);
        Assert.True(budgets["config"].GetProperty("exceeded").GetBoolean());
        Assert.False(budgets["store_init"].GetProperty("exceeded").GetBoolean());
        Assert.False(budgets["total"].GetProperty("exceeded").GetBoolean());

        Assert.Contains("| config |", File.ReadAllText(temp.File("out/result.md")), StringComparison.Ordinal);
        Assert.StartsWith("metric,kind,unit", File.ReadAllText(temp.File("out/result.csv")), StringComparison.Ordinal);
        Assert.True(metrics["config"].GetProperty("counters").GetProperty("jitMethods").GetProperty("median").GetDouble() >= 0);
        Assert.Equal(3, metrics["unattributed"].GetProperty("samples").GetArrayLength());
        Assert.All(json.RootElement.GetProperty("runResults").EnumerateArray(), run => Assert.Contains(run.GetProperty("phases").EnumerateArray(), p => p.GetProperty("name").GetString() == "config"));
        var svg = XDocument.Load(temp.File("out/result.svg"));
        Assert.Contains(svg.Descendants().Select(e => e.Value), v => v.StartsWith("model_load", StringComparison.Ordinal));
        Assert.Contains(svg.Descendants().Select(e => e.Value), v => v.StartsWith("median run (#", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bench_within_budget_exits_0_and_compares_with_a_baseline()
    {
        using var temp = new TempDirectory();
        var budgets = Budgets(temp, "10s", "error");
        string[] command = ["--", .. ChildCommands.Fake("--command", "benchy", "--phase", "config:3")];

        var first = await ToolRun.RunAsync(["bench", "-n", "2", "--warmup", "0", "--budgets", budgets, "--export-json", temp.File("base.json"), .. command]);
        var second = await ToolRun.RunAsync(["bench", "-n", "2", "--warmup", "0", "--aggregate", "max", "--budgets", budgets, "--baseline", temp.File("base.json"), .. command]);

        Assert.True(first.ExitCode == 0, first.Out + first.Error);
        Assert.True(second.ExitCode == 0, second.Out + second.Error);
        Assert.Contains("budgets (checked on the max)", second.Out, StringComparison.Ordinal);
        Assert.Contains("against baseline", second.Out, StringComparison.Ordinal);
        Assert.Contains("config", second.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--exit", "4", "failed")]
    [InlineData("--garble", null, "garbled-report")]
    [InlineData("--no-report", null, "no-report")]
    public async Task Bad_runs_are_reported_per_run_and_exit_3(string option, string? value, string status)
    {
        string[] fake = value is null ? ChildCommands.Fake(option) : ChildCommands.Fake(option, value);

        var (exitCode, output, error) = await ToolRun.RunAsync(["bench", "-n", "1", "--warmup", "0", "--", .. fake]);

        Assert.True(exitCode == 3, output + error);
        Assert.Contains(status, output, StringComparison.Ordinal);
        Assert.Contains("run 1: " + status, error, StringComparison.Ordinal);
        Assert.Contains("no run succeeded", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hanging_command_times_out_and_exits_3()
    {
        var (exitCode, output, error) = await ToolRun.RunAsync(["bench", "-n", "1", "--warmup", "0", "--timeout", "3s", "--", .. ChildCommands.Fake("--hang")]);

        Assert.True(exitCode == 3, output + error);
        Assert.Contains("timed-out", output, StringComparison.Ordinal);
    }
}
