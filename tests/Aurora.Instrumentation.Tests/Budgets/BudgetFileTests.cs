using CsCheck;
using System.Text;

namespace Aurora.Instrumentation.Tests.Budgets;

public sealed class BudgetFileTests
{
    /// <summary>DESIGN §3's example, with the comments and trailing commas the format allows.</summary>
    internal const string GuideFile = """
        // Aurora startup budgets (from the performance guide)
        {
          "$schema": "https://example.invalid/aurora.budgets.schema.json",
          "commands": {
            "*":     { "phases": { "runtime": "2s", "config": "500ms",
                                   "store_init": "100ms", "agent_discovery": "1s", } },
            "soar":  { "total": "3s" },
            /* goals may take longer */
            "goals": { "total": { "budget": "5s", "level": "error", "tolerance": "10%" } },
            "init":  { "total": "7s", "phases": { "config": { "budget": "250ms", "level": "off" } } },
          },
        }
        """;

    public static TheoryData<string, int, string, string> MalformedFiles => new()
    {
        // json, expected line, expected key, expected message fragment
        { "{\n  \"commands\": {\n    \"*\": { \"phases\": { \"config\": \"500\" } }\n  }\n}", 3, "commands.*.phases.config", "'500' has no unit" },
        { "{\n  \"commands\": {\n    \"*\": { \"phases\": {\n      \"config\": \"5h\"\n    } }\n  }\n}", 4, "commands.*.phases.config", "unknown unit 'h'" },
        { "{\n  \"commands\": {\n    \"soar\": { \"total\": \"-3s\" }\n  }\n}", 3, "commands.soar.total", "is negative" },
        { "{\n  \"commands\": {\n    \"soar\": { \"total\": \"2m\" },\n    \"init\": { \"total\": \"90m\" }\n  }\n}", 4, "commands.init.total", "longer than the maximum of 1h" },
        { "{\n  \"commands\": {\n    \"soar\": { \"total\": \"0ms\" }\n  }\n}", 3, "commands.soar.total", "must be longer than 0" },
        { "{\n  \"commands\": {\n    \"soar\": { \"total\": 3000 }\n  }\n}", 3, "commands.soar.total", "a number has no unit" },
        { "{\n  \"commands\": {\n    \"soar\": { \"total\": true }\n  }\n}", 3, "commands.soar.total", "found a boolean" },
        { "{\n  \"commands\": {\n    \"soar\": { \"total\": [\"3s\"] }\n  }\n}", 3, "commands.soar.total", "found an array" },
        { "{\n  \"commands\": {\n    \"soar\": { \"total\": null }\n  }\n}", 3, "commands.soar.total", "found null" },
        { "{\n  \"commands\": {\n    \"soar\": {\n      \"total\": \"3s\",\n      \"total\": \"4s\"\n    }\n  }\n}", 5, "commands.soar.total", "duplicate key; the first value is used" },
        { "{\n  \"commands\": {\n    \"soar\": { \"total\": \"3s\" },\n    \"soar\": { \"total\": \"4s\" }\n  }\n}", 4, "commands.soar", "duplicate key" },
        { "{\n  \"commands\": {\n    \"soar\": {\n      \"total\": { \"budget\": \"3s\",\n                 \"level\": \"fatal\" }\n    }\n  }\n}", 5, "commands.soar.total.level", "unknown level 'fatal' (expected off, warn or error); using warn" },
        { "{\n  \"commands\": {\n    \"soar\": {\n      \"total\": { \"budget\": \"3s\", \"level\": 2 }\n    }\n  }\n}", 4, "commands.soar.total.level", "found a number; using warn" },
        { "{\n  \"commands\": {\n    \"soar\": {\n      \"total\": { \"budget\": \"3s\",\n        \"tolerance\": \"ten percent\" }\n    }\n  }\n}", 5, "commands.soar.total.tolerance", "using no tolerance" },
        { "{\n  \"commands\": {\n    \"soar\": {\n      \"total\": { \"budget\": \"3s\", \"tolerance\": \"2000%\" }\n    }\n  }\n}", 4, "commands.soar.total.tolerance", "more than the maximum tolerance of 1000%" },
        { "{\n  \"commands\": {\n    \"soar\": {\n      \"total\": { \"level\": \"error\" }\n    }\n  }\n}", 4, "commands.soar.total", "missing \"budget\"" },
        { "{\n  \"commands\": {\n    \"soar\": {\n      \"total\": { \"budget\": \"3s\", \"limit\": \"4s\" }\n    }\n  }\n}", 4, "commands.soar.total.limit", "unknown key (expected \"budget\", \"level\" or \"tolerance\")" },
        { "{\n  \"commands\": {\n    \"soar\": {\n      \"config\": \"500ms\"\n    }\n  }\n}", 4, "commands.soar.config", "unknown key (expected \"total\" or \"phases\")" },
        { "{\n  \"commands\": {\n    \"soar\": { \"phases\": { \"Config\": \"500ms\" } }\n  }\n}", 3, "commands.soar.phases.Config", "is not a phase id" },
        { "{\n  \"commands\": {\n    \"soar\": { \"phases\": \"500ms\" }\n  }\n}", 3, "commands.soar.phases", "expected an object of phase budgets, found a string" },
        { "{\n  \"commands\": {\n    \"soar\": \"3s\"\n  }\n}", 3, "commands.soar", "expected an object with \"total\" and/or \"phases\"" },
        { "{\n  \"commands\": {\n    \"\": { \"total\": \"3s\" }\n  }\n}", 3, "commands.", "is not a command name" },
        { "{\n  \"commands\": [],\n}", 2, "commands", "expected an object of commands, found an array" },
        { "{\n  \"commands\": {},\n  \"budgets\": {}\n}", 3, "budgets", "unknown key (expected \"commands\")" },
        { "{\n  \"commands\": {\n    \"soar\": { \"total\": \"3s\" }\n  \n}", 5, "commands.soar.total", "malformed JSON" },
        { "{\n  \"commands\": {\n    \"soar\": { \"total\": \"3s\" }\n  }\n}\n{}", 6, "", "malformed JSON" },
        { "{\n  \"commands\": {\n    \"soar\": { \"total\": '3s' }\n  }\n}", 3, "commands.soar.total", "malformed JSON" },
        { "[\n]", 1, "", "must be a JSON object" },
        { "   \n  ", 1, "", "the budget file is empty" },
        { "{\n  \"commands\": {\n    \"soar\": { \"total\": \"3 s\" }\n  }\n}", 3, "commands.soar.total", "contains whitespace" },
        { "{\n  \"commands\": {\n    \"soar\": { \"total\": \"1e3ms\" }\n  }\n}", 3, "commands.soar.total", "has an exponent" },
        { "{\n  \"commands\": {\n    \"soar\": { \"total\": \"3s\", \"phases\": { \"total\": \"4s\" } }\n  }\n}", 3, "commands.soar.phases.total", "duplicate budget for command 'soar', phase 'total'; the first one is used" },
    };

    [Fact]
    public void The_guide_file_reads_without_errors()
    {
        var result = BudgetSet.Parse(GuideFile, "aurora.budgets.json");
        Assert.Empty(result.Errors);
        Assert.False(result.HasErrors);
        var budgets = result.Budgets;
        Assert.Equal(TimeSpan.FromMilliseconds(500), budgets.Find("soar", "config")!.Limit);
        Assert.Equal(TimeSpan.FromSeconds(2), budgets.Find("goals", "runtime")!.Limit);
        Assert.Equal(TimeSpan.FromSeconds(3), budgets.Find("soar", "total")!.Limit);
        var goals = budgets.Find("goals", "total")!;
        Assert.Equal(BudgetLevel.Error, goals.Level);
        Assert.Equal(TimeSpan.FromMilliseconds(500), goals.Tolerance);
        Assert.Null(budgets.Find("init", "config"));
        Assert.Null(budgets.Find("other", "total"));
        Assert.Equal(8, budgets.Count);
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Each_problem_is_one_error_naming_file_line_and_key(string json, int line, string key, string message)
    {
        var result = BudgetSet.Parse(json, "budgets.json");
        var error = Assert.Single(result.Errors);
        Assert.Equal("budgets.json", error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal(key, error.Key);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        var where = key.Length > 0 ? $"budgets.json:{line}: {key}: " : $"budgets.json:{line}: ";
        Assert.StartsWith(where, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_rest_of_the_file_still_applies_after_errors()
    {
        const string json = """
            {
              "commands": {
                "*": { "phases": { "config": "5h", "store_init": "100ms", "agent_discovery": 1 } },
                "soar": { "total": { "budget": "3s", "level": "loud" }, "bogus": 1 },
                "goals": { "total": "5s" }
              }
            }
            """;
        var result = BudgetSet.Parse(json, "b.json");
        Assert.Equal(
            [
                "b.json:3: commands.*.phases.config",
                "b.json:3: commands.*.phases.agent_discovery",
                "b.json:4: commands.soar.total.level",
                "b.json:4: commands.soar.bogus",
            ],
            result.Errors.Select(e => e.ToString()[..e.ToString().IndexOf(": ", e.ToString().IndexOf(": ", StringComparison.Ordinal) + 2, StringComparison.Ordinal)]));
        Assert.Null(result.Budgets.Find("soar", "config"));
        Assert.NotNull(result.Budgets.Find("soar", "store_init"));
        Assert.Equal(BudgetLevel.Warn, result.Budgets.Find("soar", "total")!.Level);
        Assert.NotNull(result.Budgets.Find("goals", "total"));
    }

    [Fact]
    public void Entries_before_malformed_json_still_apply()
    {
        const string json = "{\n \"commands\": {\n  \"soar\": { \"total\": \"3s\" },\n  \"goals\": { \"total\": \"5s\" \n  \"init\": {}\n }\n}";
        var result = BudgetSet.Parse(json, "b.json");
        var error = Assert.Single(result.Errors);
        Assert.Equal(5, error.Line);
        Assert.Contains("Entries before this point still apply", error.Message, StringComparison.Ordinal);
        Assert.NotNull(result.Budgets.Find("soar", "total"));
        Assert.NotNull(result.Budgets.Find("goals", "total"));
    }

    [Fact]
    public void A_file_without_commands_is_reported()
    {
        var result = BudgetSet.Parse("{ }", "b.json");
        var error = Assert.Single(result.Errors);
        Assert.Equal("commands", error.Key);
        Assert.Contains("no \"commands\" object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_one_error_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "aurora-missing-" + Guid.NewGuid().ToString("N"), "aurora.budgets.json");
        var result = BudgetSet.Load(path);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.File);
        Assert.Equal(0, error.Line);
        Assert.Equal(path + ": budget file not found; no budgets from it", error.ToString());
        Assert.Equal(0, result.Budgets.Count);
    }

    [Fact]
    public void A_directory_is_not_a_budget_file()
    {
        var result = BudgetSet.Load(Path.GetTempPath());
        Assert.Contains("is a directory", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_file_is_refused_without_reading_it()
    {
        using var file = new TempFile();
        File.WriteAllBytes(file.Path, new byte[(1024 * 1024) + 1]);
        Assert.Contains("larger than 1 MiB", Assert.Single(BudgetSet.Load(file.Path).Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_file_with_a_bom_and_crlf_line_ends_reads_with_the_right_lines()
    {
        using var file = new TempFile();
        var text = "{\r\n  \"commands\": {\r\n    \"soar\": { \"total\": \"3s\" },\r\n    \"goals\": { \"total\": \"5x\" }\r\n  }\r\n}\r\n";
        File.WriteAllBytes(file.Path, [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]);
        var result = BudgetSet.Load(file.Path);
        var error = Assert.Single(result.Errors);
        Assert.Equal(4, error.Line);
        Assert.Equal(file.Path, error.File);
        Assert.NotNull(result.Budgets.Find("soar", "total"));
    }

    [Fact]
    public void Invalid_utf8_is_an_error_not_a_crash()
    {
        using var file = new TempFile();
        File.WriteAllBytes(file.Path, [.. "{ \"commands\": { \"soar\": { \"total\": \""u8, 0xC3, 0x28, .. "\" } } }"u8]);
        var result = BudgetSet.Load(file.Path);
        Assert.NotEmpty(result.Errors);
        Assert.Equal(0, result.Budgets.Count);
    }

    [Fact]
    public void Garbage_never_throws()
    {
        Gen.Char.Array[0, 64].Select(chars => new string(chars)).Sample(text =>
        {
            var result = BudgetSet.Parse(text, "g.json");
            return result.Budgets is not null && result.Errors.All(e => e.Message.Length > 0 && e.File == "g.json");
        }, iter: 2_000);
        string[] pieces = ["{", "}", "\"commands\"", ":", ",", "\"*\"", "\"phases\"", "\"total\"", "\"500ms\"", "[", "]", "1", "//x\n", "\"budget\"", "\"level\"", "\"error\""];
        Gen.Int[0, pieces.Length - 1].Array[0, 40].Select(indexes => string.Concat(indexes.Select(i => pieces[i]))).Sample(text =>
        {
            var result = BudgetSet.Parse(text, "g.json");
            return result.Budgets is not null && result.Errors.All(e => e.Line >= 0);
        }, iter: 5_000);
    }

    internal sealed class TempFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aurora-budgets-" + Guid.NewGuid().ToString("N") + ".json");

        public void Dispose()
        {
            try
            {
                File.Delete(Path);
            }
            catch (IOException)
            {
            }
        }
    }
}
