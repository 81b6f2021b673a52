using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Docs;

public sealed partial class GettingStartedSnippetTests
{
    [Fact]
    public void Every_snippet_in_the_page_is_the_compiled_code()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "getting-started.md")).ReplaceLineEndings("\n");
        var source = File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "Aurora.Instrumentation.OpenTelemetry.Tests", "Docs", "GettingStartedSnippets.cs")).ReplaceLineEndings("\n");

        var snippets = SnippetPattern().Matches(source);
        Assert.Equal(2, snippets.Count);
        foreach (Match snippet in snippets)
        {
            var code = Dedent(snippet.Groups["code"].Value);
            Assert.True(page.Contains(code, StringComparison.Ordinal), $"docs/getting-started.md does not contain snippet '{snippet.Groups["name"].Value}' verbatim:\n{code}");
        }
    }

    [Fact]
    public async Task The_snippets_run()
    {
        var budgets = Path.Combine(Path.GetTempPath(), "aurora-snippet-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(budgets, """{ "commands": { "*": { "phases": { "config": "10s" } } } }""");
        try
        {
            Assert.Equal(3, GettingStartedSnippets.FiveLineMain());
            Assert.Equal(3 + 64, await GettingStartedSnippets.LazyAndBudgetedMain(budgets));
        }
        finally
        {
            File.Delete(budgets);
        }
    }

    private static string Dedent(string code)
    {
        var lines = code.Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())).Trim('\n');
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "")
    {
        // The build output may live outside the checkout (AURORA_ARTIFACTS); this source file never does.
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), Path.GetDirectoryName(thisFile)! })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Aurora.Instrumentation.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("repository root not found from " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"// snippet: (?<name>[a-z-]+)\n(?<code>.*?)\n[ ]*// end-snippet", RegexOptions.Singleline)]
    private static partial Regex SnippetPattern();
}
