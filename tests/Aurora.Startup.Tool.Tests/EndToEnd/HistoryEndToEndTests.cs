using Aurora.Instrumentation.Testing.Tests.Fakes;
using Aurora.Startup.Tool.Export;
using Aurora.Startup.Tool.Tests.Fakes;

namespace Aurora.Startup.Tool.Tests.EndToEnd;

public class HistoryEndToEndTests
{
    [Fact]
    public async Task History_keeps_the_result_next_to_the_table_and_links_it_per_command()
    {
        using var temp = new TempDirectory();
        var table = temp.File("docs/performance-history.md");
        var soar = temp.File("soar.json");
        var goals = temp.File("goals.json");
        BenchJson.WriteFile(SampleResults.Create(), soar);
        BenchJson.WriteFile(SampleResults.Create(totalScale: 2, reportCommand: "goals"), goals);

        var first = await ToolRun.RunAsync("history", "--append", table, "--label", "v1", "--from", soar, "--change", "Baseline");
        var second = await ToolRun.RunAsync("history", "--append", table, "--label", "v1", "--from", goals, "--change", "Baseline");
        var third = await ToolRun.RunAsync("history", "--append", table, "--label", "v2", "--from", soar, "--change", "Same again");

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0 && third.ExitCode == 0, first.Error + second.Error + third.Error);
        var machine = $"{MachineInfo.Current().Class}, jit";
        var rows = File.ReadAllLines(table).Where(l => l.StartsWith('v')).ToList();
        var soarFile = Tool.History.HistoryCommand.ResultFileName("v1", "soar", machine);
        Assert.Equal($"v1 | soar | {machine} | Baseline | - | 121ms | - | [json](performance-history/{soarFile})", rows[0]);
        Assert.StartsWith($"v1 | goals | {machine} | Baseline | - | 242ms | - |", rows[1], StringComparison.Ordinal);
        Assert.StartsWith($"v2 | soar | {machine} | Same again | 121ms | 121ms | 0% |", rows[2], StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(soar), File.ReadAllText(temp.File("docs/performance-history/" + soarFile)));
        Assert.Equal(3, Directory.GetFiles(temp.File("docs/performance-history")).Length);
    }
}
