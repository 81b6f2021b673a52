using System.Text.Json;
using Aurora.Instrumentation.Testing.Tests.Fakes;
using Aurora.Startup.Tool.Tests.Fakes;

namespace Aurora.Startup.Tool.Tests.EndToEnd;

[Collection(SerialChildProcesses.Name)]
public class CompareEndToEndTests
{
    [Fact]
    public async Task Clear_slowdown_of_one_phase_is_slower_and_exits_1()
    {
        // Twelve pairs, compared pair by pair: head slower in every pair gives p = 2⁻¹² ≈ 0.0002 (0.001 after Holm over
        // the ~5 metrics), and up to three pairs turned round by preemption on a loaded machine (they are the smallest
        // differences, the lowest ranks) still leave it < 0.05. The slowed phase is the second: the first phase of a
        // process also pays the first-use JIT of the phase path, tens of ms on a loaded CI machine, which could turn a
        // 3 ms vs 40 ms first phase round in several pairs (that flaked once in CI).
        var (exitCode, output, error) = await ToolRun.RunAsync(
            "compare", "-n", "12", "--warmup", "0",
            "--base", ChildCommands.FakeLine("--phase", "config:2", "--phase", "store_init:4"),
            "--head", ChildCommands.FakeLine("--phase", "config:2", "--phase", "store_init:60"));

        Assert.True(exitCode == 1, output + error);
        Assert.Matches(@"store_init\s+\d+\.\d+ ms\s+\d+\.\d+ ms\s+\d+\.\d+x\s+\S+\s+\S+\s+slower ×\d+\.\d+, beyond the 10 % threshold", output);
        Assert.Contains("SLOWER beyond 10 %: store_init", output, StringComparison.Ordinal);
        Assert.Contains("p (Wilcoxon, Holm)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_json_writes_every_run_and_every_comparison()
    {
        using var temp = new TempDirectory();
        var path = temp.File("compare.json");

        var (exitCode, output, error) = await ToolRun.RunAsync(
            "compare", "-n", "8", "--warmup", "1", "--threshold", "50%", "--export-json", path,
            "--base", ChildCommands.FakeLine("--phase", "config:2"),
            "--head", ChildCommands.FakeLine("--phase", "config:2"));

        Assert.True(exitCode == 0, output + error);
        Assert.Contains($"wrote JSON to {path}", error, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        Assert.Equal("aurora.startup.compare/1", root.GetProperty("schema").GetString());
        var runs = root.GetProperty("runResults").EnumerateArray().ToList();
        Assert.Equal(18, runs.Count);
        Assert.All(runs, run => Assert.Equal("ok", run.GetProperty("status").GetString()));
        Assert.Equal(
            Enumerable.Range(0, 8).SelectMany(_ => new[] { "base", "head" }).Order(),
            runs.Where(run => !run.GetProperty("warmup").GetBoolean()).Select(run => run.GetProperty("side").GetString()).Order());
        Assert.All(runs, run => Assert.True(run.GetProperty("phasesMs").GetProperty("config").GetDouble() > 0));
        var config = root.GetProperty("comparisons").EnumerateArray().Single(c => c.GetProperty("metric").GetString() == "config");
        Assert.Equal("wilcoxon-signed-rank", config.GetProperty("test").GetString());
        Assert.Equal(8, config.GetProperty("pairs").GetInt32());
        Assert.NotEqual("slower", config.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Same_command_on_both_sides_is_not_slower()
    {
        var line = ChildCommands.FakeLine("--phase", "config:5");

        var (exitCode, output, error) = await ToolRun.RunAsync("compare", "-n", "5", "--warmup", "0", "--threshold", "50%", "--base", line, "--head", line);

        Assert.True(exitCode == 0, output + error);
        Assert.DoesNotContain("slower", output, StringComparison.Ordinal);
        Assert.Contains("no significant slowdown beyond 50 %", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failing_head_is_reported_not_crashed()
    {
        var (exitCode, output, error) = await ToolRun.RunAsync(
            "compare", "-n", "2", "--warmup", "0",
            "--base", ChildCommands.FakeLine("--phase", "config:1"),
            "--head", ChildCommands.FakeLine("--exit", "9"));

        Assert.True(exitCode == 3, output + error);
        Assert.Contains("head 1: failed: exit code 9", error, StringComparison.Ordinal);
    }
}
