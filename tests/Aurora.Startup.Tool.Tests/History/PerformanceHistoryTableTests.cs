using Aurora.Startup.Tool.History;

namespace Aurora.Startup.Tool.Tests.History;

public class PerformanceHistoryTableTests
{
    private const string Machine = "linux-x64, 2 cores, jit";

    private static HistoryEntry Entry(string label, string change, double afterMs, string command = "soar", string machine = Machine)
        => new(label, command, machine, change, afterMs, $"[json](performance-history/{label}-{command}.json)");

    private const string GuideTable = """
        # Performance

        ## Performance History

        Track major improvements here:

        Version | Optimization | Before | After | Improvement
        --------|--------------|--------|-------|------------
        v0.9.0  | Baseline | - | 5-7s | -
        v0.10.0 | Background loading | 5-7s | 3-4s | 40-50%
        v0.11.0 | Lazy imports | 3-4s | 2-3s | 25-33%

        Target: Maintain <3s startup time across all environments.

        """;

    [Fact]
    public void New_file_gets_a_table_with_a_first_row()
    {
        var update = PerformanceHistoryTable.Update(null, Entry("v1.0.0", "Baseline", 2310));
        var lines = update.Text.Split('\n');

        Assert.True(update.Appended);
        Assert.Equal("# Performance History", lines[0]);
        Assert.Contains("Version | Command | Machine | Optimization | Before | After | Improvement | Result", lines);
        Assert.Contains("--------|---------|---------|--------------|--------|-------|-------------|-------", lines);
        Assert.Contains("v1.0.0 | soar | linux-x64, 2 cores, jit | Baseline | - | 2.31s | - | [json](performance-history/v1.0.0-soar.json)", lines);
    }

    [Fact]
    public void Appended_row_takes_before_from_the_previous_after()
    {
        var update = PerformanceHistoryTable.Update(GuideTable, Entry("v0.12.0", "Native AOT", 1250));
        var lines = update.Text.Split('\n');

        // Before = "2-3s" (midpoint 2500 ms) → (2500 − 1250)/2500 = 50 %.
        var index = Array.IndexOf(lines, "v0.12.0 | Native AOT | 2-3s | 1.25s | 50%");
        Assert.True(index > 0, update.Text);
        Assert.Equal("v0.11.0 | Lazy imports | 3-4s | 2-3s | 25-33%", lines[index - 1]);
        Assert.Equal(string.Empty, lines[index + 1]);
        Assert.Equal("Target: Maintain <3s startup time across all environments.", lines[index + 2]);
        Assert.StartsWith("# Performance\n\n## Performance History\n", update.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_label_again_is_idempotent()
    {
        var once = PerformanceHistoryTable.Update(GuideTable, Entry("v0.12.0", "Native AOT", 1250)).Text;
        var twice = PerformanceHistoryTable.Update(once, Entry("v0.12.0", "Native AOT", 1250));

        Assert.False(twice.Appended);
        Assert.Equal(once, twice.Text);
    }

    [Fact]
    public void Same_label_with_new_numbers_replaces_its_row_and_relinks_the_next()
    {
        var text = PerformanceHistoryTable.Update(null, Entry("v1", "Baseline", 2000)).Text;
        text = PerformanceHistoryTable.Update(text, Entry("v2", "Lazy config", 1500)).Text;
        text = PerformanceHistoryTable.Update(text, Entry("v3", "Trim", 1200)).Text;
        var updated = PerformanceHistoryTable.Update(text, Entry("v2", string.Empty, 1000));
        var lines = updated.Text.Split('\n');

        Assert.False(updated.Appended);
        Assert.Contains("v2 | soar | linux-x64, 2 cores, jit | Lazy config | 2.00s | 1.00s | 50% | [json](performance-history/v2-soar.json)", lines);
        Assert.Contains("v3 | soar | linux-x64, 2 cores, jit | Trim | 1.00s | 1.20s | -20% | [json](performance-history/v3-soar.json)", lines);
        Assert.Equal(1, lines.Count(l => l.StartsWith("v2 ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Table_is_appended_to_a_file_without_one()
    {
        var update = PerformanceHistoryTable.Update("# Notes\n\nSome text.\n", Entry("v1", "Baseline", 412.4));

        Assert.StartsWith("# Notes\n\nSome text.\n\n## Performance History\n", update.Text, StringComparison.Ordinal);
        Assert.Contains("v1 | soar | linux-x64, 2 cores, jit | Baseline | - | 412ms | - | [json](performance-history/v1-soar.json)", update.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Piped_tables_stay_piped_and_change_text_is_escaped()
    {
        const string piped = "| Version | Optimization | Before | After | Improvement |\n|---|---|---|---|---|\n| v1 | Baseline | - | 90.0ms | - |\n";
        var update = PerformanceHistoryTable.Update(piped, Entry("v2", "a|b", 45));

        Assert.Contains("| v2 | a\\|b | 90.0ms | 45.0ms | 50% |", update.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Before_is_the_previous_row_of_the_same_command_and_machine_class()
    {
        var text = PerformanceHistoryTable.Update(null, Entry("v1", "Baseline", 200, "soar")).Text;
        text = PerformanceHistoryTable.Update(text, Entry("v1", "Baseline", 300, "goals")).Text;
        text = PerformanceHistoryTable.Update(text, Entry("v1", "Baseline", 20, "soar", "linux-x64, 2 cores, aot")).Text;
        text = PerformanceHistoryTable.Update(text, Entry("v2", "Lazy config", 150, "soar")).Text;
        var last = PerformanceHistoryTable.Update(text, Entry("v2", "Lazy config", 330, "goals"));
        var rows = last.Text.Split('\n').Where(l => l.StartsWith('v')).ToList();

        Assert.Equal(
        [
            "v1 | soar | linux-x64, 2 cores, jit | Baseline | - | 200ms | - | [json](performance-history/v1-soar.json)",
            "v1 | goals | linux-x64, 2 cores, jit | Baseline | - | 300ms | - | [json](performance-history/v1-goals.json)",
            "v1 | soar | linux-x64, 2 cores, aot | Baseline | - | 20.0ms | - | [json](performance-history/v1-soar.json)",
            "v2 | soar | linux-x64, 2 cores, jit | Lazy config | 200ms | 150ms | 25% | [json](performance-history/v2-soar.json)",
            "v2 | goals | linux-x64, 2 cores, jit | Lazy config | 300ms | 330ms | -10% | [json](performance-history/v2-goals.json)",
        ],
            rows);
    }

    [Fact]
    public void Replacing_a_row_relinks_the_next_row_of_its_own_series_only()
    {
        var text = PerformanceHistoryTable.Update(null, Entry("v1", "-", 200, "soar")).Text;
        text = PerformanceHistoryTable.Update(text, Entry("v1", "-", 300, "goals")).Text;
        text = PerformanceHistoryTable.Update(text, Entry("v2", "-", 150, "soar")).Text;
        text = PerformanceHistoryTable.Update(text, Entry("v2", "-", 240, "goals")).Text;
        var updated = PerformanceHistoryTable.Update(text, Entry("v1", "-", 100, "soar"));
        var rows = updated.Text.Split('\n').Where(l => l.StartsWith('v')).ToList();

        Assert.False(updated.Appended);
        Assert.StartsWith("v2 | soar | linux-x64, 2 cores, jit | - | 100ms | 150ms | -50% |", rows[2], StringComparison.Ordinal);
        Assert.StartsWith("v2 | goals | linux-x64, 2 cores, jit | - | 300ms | 240ms | 20% |", rows[3], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("412ms", 412)]
    [InlineData("2.31s", 2310)]
    [InlineData("3-4s", 3500)]
    [InlineData(" 0.5 s ", 500)]
    public void Durations_in_cells_parse(string cell, double ms) => Assert.Equal(ms, PerformanceHistoryTable.ParseDuration(cell)!.Value, 6);

    [Fact]
    public void Non_durations_do_not_parse() => Assert.Null(PerformanceHistoryTable.ParseDuration("-"));
}
