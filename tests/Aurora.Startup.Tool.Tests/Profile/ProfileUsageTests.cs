using Aurora.Instrumentation.Testing.Tests.Fakes;
using Aurora.Startup.Tool.Tests.Fakes;

namespace Aurora.Startup.Tool.Tests.Profile;

public sealed class ProfileUsageTests
{
    [Theory]
    [InlineData("profile")]
    [InlineData("profile", "--bogus", "--", "true")]
    [InlineData("profile", "-n", "0", "--", "true")]
    [InlineData("profile", "--timeout", "soon", "--", "true")]
    [InlineData("profile", "--top", "0", "--", "true")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var (exitCode, _, error) = await ToolRun.RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains("aurora-startup", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_names_the_exports_and_what_to_use_under_native_aot()
    {
        var (exitCode, output, _) = await ToolRun.RunAsync("profile", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--export-speedscope", output, StringComparison.Ordinal);
        Assert.Contains("perf record", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_native_aot_target_is_named_as_such_before_anything_runs()
    {
        using var temp = new TempDirectory();
        var aot = temp.File("aur");
        File.WriteAllBytes(aot, [.. "\u007fELF__managedcode"u8]);

        var (exitCode, _, error) = await ToolRun.RunAsync("profile", "--", aot, "soar", "q");

        Assert.Equal(2, exitCode);
        Assert.Contains("is a Native AOT executable", error, StringComparison.Ordinal);
        Assert.Contains("perf record", error, StringComparison.Ordinal);
    }
}
