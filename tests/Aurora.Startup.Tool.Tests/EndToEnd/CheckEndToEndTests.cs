using System.Diagnostics;
using Aurora.Instrumentation.Testing.Tests.Fakes;
using Aurora.Startup.Tool.Tests.Fakes;

namespace Aurora.Startup.Tool.Tests.EndToEnd;

[Collection(SerialChildProcesses.Name)]
public class CheckEndToEndTests
{
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(120);

    /// <summary>Makes a real report the way CI would: run the instrumented command with AURORA_STARTUP_REPORT set.</summary>
    private static void ProduceReport(string path, params string[] options)
    {
        var argv = ChildCommands.Fake(options);
        var start = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AURORA_STARTUP_REPORT"] = path;
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(s_hangGuard), "the fake command hung");
        Assert.Equal(0, process.ExitCode);
    }

    private static (int ExitCode, string Out, string Error) RunToolProcess(params string[] args)
    {
        var start = new ProcessStartInfo(ChildCommands.DotNet) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ToolRun.Assembly);
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(s_hangGuard), "the tool hung");
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    [Fact]
    public async Task Check_gives_verdicts_per_report_and_exits_1_on_an_error_overrun()
    {
        using var temp = new TempDirectory();
        var budgets = temp.File("budgets.json");
        File.WriteAllText(budgets, """{ "commands": { "checky": { "phases": { "config": { "budget": "100ms", "level": "error" }, "store_init": "1ms" } } } }""");
        ProduceReport(temp.File("fast.json"), "--command", "checky", "--phase", "config:0.1");
        ProduceReport(temp.File("slow.json"), "--command", "checky", "--phase", "config:150", "--phase", "store_init:3");

        var fast = await ToolRun.RunAsync("check", temp.File("fast.json"), "--budgets", budgets);
        var both = await ToolRun.RunAsync("check", temp.File("fast.json"), temp.File("slow.json"), "--budgets", budgets);
        var unreadable = await ToolRun.RunAsync("check", temp.File("fast.json"), temp.File("missing.json"), "--budgets", budgets);

        Assert.True(fast.ExitCode == 0, fast.Out + fast.Error);
        Assert.Contains("0 error-level overrun(s)", fast.Out, StringComparison.Ordinal);
        Assert.True(both.ExitCode == 1, both.Out + both.Error);
        Assert.Contains("1 error-level overrun(s), 1 warning(s)", both.Out, StringComparison.Ordinal);
        Assert.Contains("OVER (error)", both.Out, StringComparison.Ordinal);
        Assert.Equal(3, unreadable.ExitCode);
        Assert.Contains("missing.json: cannot read the report", unreadable.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Tool_process_exit_codes_are_real()
    {
        using var temp = new TempDirectory();
        var budgets = temp.File("budgets.json");
        File.WriteAllText(budgets, """{ "commands": { "*": { "phases": { "config": { "budget": "1ms", "level": "error" } } } } }""");
        ProduceReport(temp.File("r.json"), "--phase", "config:5");

        var over = RunToolProcess("check", temp.File("r.json"), "--budgets", budgets);
        var usage = RunToolProcess("check", temp.File("r.json"), "--budgets", budgets, "--bogus");

        Assert.True(over.ExitCode == 1, over.Out + over.Error);
        Assert.Contains("config", over.Out, StringComparison.Ordinal);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--bogus", usage.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_appends_from_a_real_bench_result()
    {
        using var temp = new TempDirectory();
        var result = temp.File("result.json");
        var history = temp.File("docs/performance-history.md");
        var bench = await ToolRun.RunAsync(["bench", "-n", "2", "--warmup", "0", "--export-json", result, "--", .. ChildCommands.Fake("--phase", "config:2")]);
        Assert.True(bench.ExitCode == 0, bench.Out + bench.Error);

        var first = await ToolRun.RunAsync("history", "--append", history, "--label", "v1.0.0", "--from", result, "--change", "Baseline");
        var afterFirst = File.ReadAllText(history);
        var again = await ToolRun.RunAsync("history", "--append", history, "--label", "v1.0.0", "--from", result, "--change", "Baseline");
        var second = await ToolRun.RunAsync("history", "--append", history, "--label", "v1.1.0", "--from", result);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(0, second.ExitCode);
        // The fake reports command "fake" and the runtime mode it ran under; the results are kept beside the table.
        Assert.Matches(@"\nv1\.0\.0 \| fake \| [^|]+ cores?, jit \| Baseline \| - \| [\d.]+m?s \| - \| \[json\]\(performance-history/v1\.0\.0-fake-[a-z0-9.-]+-jit\.json\)\n", afterFirst);
        Assert.Equal(2, File.ReadAllLines(history).Count(l => l.StartsWith("v1.", StringComparison.Ordinal)));
        Assert.Matches(@"\nv1\.1\.0 \| fake \| [^|]+ \| - \| [\d.]+m?s \| [\d.]+m?s \| 0% \| ", File.ReadAllText(history));
        Assert.Equal(2, Directory.GetFiles(temp.File("docs/performance-history"), "*.json").Length);
    }
}
