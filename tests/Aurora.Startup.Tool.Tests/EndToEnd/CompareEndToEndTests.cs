using Aurora.Startup.Tool.Tests.Fakes;

namespace Aurora.Startup.Tool.Tests.EndToEnd;

[Collection(SerialChildProcesses.Name)]
public class CompareEndToEndTests
{
    [Fact]
    public async Task Clear_slowdown_of_one_phase_is_slower_and_exits_1()
    {
        // Eight pairs: complete separation gives p ≈ 0.001, still < 0.05 after Holm over the ~5 metrics.
        var (exitCode, output, error) = await ToolRun.RunAsync(
            "compare", "-n", "8", "--warmup", "0",
            "--base", ChildCommands.FakeLine("--phase", "config:3", "--phase", "store_init:2"),
            "--head", ChildCommands.FakeLine("--phase", "config:40", "--phase", "store_init:2"));

        Assert.True(exitCode == 1, output + error);
        Assert.Matches(@"config\s+\d+\.\d+ ms\s+\d+\.\d+ ms\s+\d+\.\d+x\s+\S+\s+\S+\s+slower", output);
        Assert.Contains("SLOWER beyond 10%: config", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_command_on_both_sides_is_not_slower()
    {
        var line = ChildCommands.FakeLine("--phase", "config:5");

        var (exitCode, output, error) = await ToolRun.RunAsync("compare", "-n", "5", "--warmup", "0", "--threshold", "50%", "--base", line, "--head", line);

        Assert.True(exitCode == 0, output + error);
        Assert.DoesNotContain("slower", output, StringComparison.Ordinal);
        Assert.Contains("no significant slowdown beyond 50%", output, StringComparison.Ordinal);
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
