using System.Diagnostics;
using System.Text.Json;
using Aurora.Instrumentation.Testing.Tests.Fakes;
using Aurora.Startup.Tool.Tests.Fakes;

namespace Aurora.Startup.Tool.Tests.EndToEnd;

/// <summary>
/// The tool against the real <c>aur</c> sample. Fault cases (hang, garbled report, …) use the fake command, which
/// can misbehave on demand.
/// </summary>
[Collection(SerialChildProcesses.Name)]
public class SampleEndToEndTests
{
    [Fact]
    public async Task Bench_measures_the_sample_against_its_own_budget_file()
    {
        using var temp = new TempDirectory();
        var (exitCode, output, error) = await ToolRun.RunAsync(
            ["bench", "-n", "2", "--warmup", "1", "--budgets", AurSample.Budgets, "--export-json", temp.File("soar.json"), "--", .. AurSample.Soar(temp.File("ws"))]);

        Assert.True(exitCode == 0, output + error);
        using var json = JsonDocument.Parse(File.ReadAllText(temp.File("soar.json")));
        Assert.Equal("soar", json.RootElement.GetProperty("reportCommand").GetString());
        var metrics = json.RootElement.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToList();
        Assert.Contains("config", metrics);
        Assert.Contains("store_init", metrics);
        Assert.Contains("agent_discovery", metrics);
        var budgets = json.RootElement.GetProperty("budgets").EnumerateArray().Select(b => b.GetProperty("phase").GetString()).ToList();
        Assert.Contains("total", budgets);
        Assert.Contains("config", budgets);
    }

    [Fact]
    public async Task Compare_flags_an_injected_slowdown_of_the_sample()
    {
        // 30× config: unmistakable even on a loaded 2-core machine. Seven pairs are too few for the paired test over the
        // sample's 8 metrics (8·2⁻⁷ > 0.05), so compare uses Mann–Whitney: p ≈ 0.002, < 0.05 after Holm.
        using var temp = new TempDirectory();
        var workspace = temp.File("ws");

        var (exitCode, output, error) = await ToolRun.RunAsync(
            "compare", "-n", "7", "--warmup", "1",
            "--base", AurSample.SoarLine(workspace, "AURORA_SAMPLE_SLOWDOWN=config:0"),
            "--head", AurSample.SoarLine(workspace, "AURORA_SAMPLE_SLOWDOWN=config:3000"));

        Assert.True(exitCode == 1, output + error);
        Assert.Matches(@"\nconfig\s.*\sslower ×\d+\.\d+, beyond the 10 % threshold\n", output);
    }

    [Fact]
    public async Task Check_reads_a_report_the_sample_wrote()
    {
        using var temp = new TempDirectory();
        var argv = AurSample.Soar(temp.File("ws"));
        var start = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AURORA_STARTUP_REPORT"] = temp.File("report.json");
        using (var process = Process.Start(start)!)
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(120)), "aur hung");
            Assert.Equal(0, process.ExitCode);
        }

        var budgets = temp.File("tight.json");
        File.WriteAllText(budgets, """{ "commands": { "soar": { "phases": { "store_init": { "budget": "1us", "level": "error" } } } } }""");

        var loose = await ToolRun.RunAsync("check", temp.File("report.json"), "--budgets", AurSample.Budgets);
        var tight = await ToolRun.RunAsync("check", temp.File("report.json"), "--budgets", budgets);

        Assert.True(loose.ExitCode == 0, loose.Out + loose.Error);
        Assert.Contains("total", loose.Out, StringComparison.Ordinal);
        Assert.True(tight.ExitCode == 1, tight.Out + tight.Error);
        Assert.Contains("store_init", tight.Out, StringComparison.Ordinal);
    }
}
