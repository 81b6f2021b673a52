using System.Diagnostics;

namespace Aurora.Instrumentation.Tests.Budgets;

/// <summary>Strict mode's exit code, observed on a real child process (StrictModeChild).</summary>
public sealed class StrictModeProcessTests
{
    private const string ErrorBudgets = """{ "commands": { "*": { "phases": { "runtime": { "budget": "0.1us", "level": "error" } } } } }""";
    private const string GenerousBudgets = """{ "commands": { "smoke": { "total": { "budget": "60m", "level": "error" } } } }""";

    [Fact]
    public void Strict_mode_exits_with_3_after_an_error_level_overrun()
    {
        var result = RunChild(ErrorBudgets, "strict");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("aurora: error: runtime took ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("aurora: error: strict budget mode: 1 error-level budget overrun(s); exit code 3", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("budget-failed=True", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Warn_mode_reports_the_same_overrun_and_exits_0()
    {
        var result = RunChild(ErrorBudgets, "warn");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("aurora: error: runtime took ", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("strict budget mode", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_mode_exits_with_3_on_a_broken_budget_file()
    {
        var result = RunChild("{ \"commands\": {\n  \"smoke\": { \"total\": \"3 seconds\" } } }", "strict");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains(":2: commands.smoke.total: '3 seconds' contains whitespace", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_mode_within_budget_exits_0_silently()
    {
        var result = RunChild(GenerousBudgets, "strict");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.StandardError);
        Assert.Contains("budget-failed=False", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Off_mode_ignores_even_a_broken_file()
    {
        var result = RunChild("not json", "off");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.StandardError);
    }

    [Fact]
    public void An_exit_code_the_app_chose_is_kept()
    {
        var result = RunChild(ErrorBudgets, "strict", "app-exit-code");
        Assert.Equal(5, result.ExitCode);
        Assert.Contains("strict budget mode", result.StandardError, StringComparison.Ordinal);
    }

    private static (int ExitCode, string StandardOutput, string StandardError) RunChild(string budgetJson, string mode, string scenario = "plain")
    {
        using var file = new BudgetFileTests.TempFile();
        File.WriteAllText(file.Path, budgetJson);
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ChildPath());
        start.ArgumentList.Add(scenario);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AURORA_", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal) || k is "TRACEPARENT" or "TRACESTATE").ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["AURORA_BUDGETS"] = file.Path;
        start.Environment["AURORA_BUDGET_MODE"] = mode;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            // Hang guard only; a healthy child exits in well under a second.
            process.Kill(entireProcessTree: true);
            Assert.Fail("the strict-mode child did not exit");
        }

        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    /// <summary>The child is built next to this assembly in the artifacts layout: bin/StrictModeChild/&lt;config&gt;/.</summary>
    private static string ChildPath()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(here.Parent!.Parent!.FullName, "StrictModeChild", here.Name, "StrictModeChild.dll");
        Assert.True(File.Exists(path), "StrictModeChild is not built at " + path + " (the test project references it with ReferenceOutputAssembly=false)");
        return path;
    }
}
