using Aurora.Instrumentation.Testing.Tests.Fakes;
using Aurora.Startup.Tool.Tests.Fakes;

namespace Aurora.Startup.Tool.Tests.Cli;

public class UsageTests
{
    [Theory]
    [InlineData("bench", "--bogus", "--", "true")]
    [InlineData("bench", "--aggregate", "p99", "--", "true")]
    [InlineData("bench", "-n", "0", "--", "true")]
    [InlineData("bench", "--timeout", "soon", "--", "true")]
    [InlineData("bench")]
    [InlineData("compare", "--base", "true")]
    [InlineData("compare", "--base", "true", "--head", "'unterminated")]
    [InlineData("compare", "--base", "true", "--head", "true", "--threshold", "lots")]
    [InlineData("compare", "--base", "true", "--head", "true", "--export-json")]
    [InlineData("check", "r.json")]
    [InlineData("history", "--append", "h.md")]
    [InlineData("frobnicate")]
    [InlineData]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var (exitCode, _, error) = await ToolRun.RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains("aurora-startup", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_exits_0()
    {
        var (exitCode, output, _) = await ToolRun.RunAsync("bench", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--aggregate", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_help_lists_export_json()
    {
        var (exitCode, output, _) = await ToolRun.RunAsync("compare", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--export-json", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_budget_file_is_a_usage_error()
    {
        using var temp = new TempDirectory();
        var (exitCode, _, error) = await ToolRun.RunAsync("bench", "--budgets", temp.File("nope.json"), "--", "true");

        Assert.Equal(2, exitCode);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_budget_file_is_a_usage_error_naming_the_line()
    {
        using var temp = new TempDirectory();
        var budgets = temp.File("budgets.json");
        File.WriteAllText(budgets, "{\n  \"commands\": {\n    \"*\": { \"phases\": { \"config\": \"fast\" } }\n  }\n}\n");

        var (exitCode, _, error) = await ToolRun.RunAsync("check", temp.File("r.json"), "--budgets", budgets);

        Assert.Equal(2, exitCode);
        Assert.Contains("budgets.json:3", error, StringComparison.Ordinal);
    }
}
