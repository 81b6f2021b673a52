using Aurora.Cli.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Aurora.Cli.Tests;

/// <summary>Broken workspaces: clear messages naming the file (and field), defaults where safe, documented exit codes.</summary>
[Collection(AurWorkspaceDefinition.Name)]
public sealed class BadInputTests(WorkspaceTemplate template)
{
    private const int StoreExitCode = 5;

    [Fact]
    public async Task Malformed_config_json_is_reported_with_file_and_line_and_defaults_are_used()
    {
        using var dir = template.CopyToNew();
        var config = dir.Combine(".aurora", "config.json");
        await File.WriteAllTextAsync(config, "{\n  \"version\": 1,\n  \"store\": { \"path\": \"memory.db\" \n");

        var result = await AurRun.RunAsync(dir.Path, "soar", "test query");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{config} line ", result.StandardError);
        Assert.Contains("not valid JSON", result.StandardError);
        Assert.Contains("using the default configuration", result.StandardError);
        Assert.Contains("(coder, match", result.StandardOutput);
    }

    [Fact]
    public async Task A_bad_config_field_is_named_and_only_that_field_falls_back()
    {
        using var dir = template.CopyToNew();
        var config = dir.Combine(".aurora", "config.json");
        await File.WriteAllTextAsync(config, """{ "version": 1, "llm": { "timeoutMs": "soon", "provider": "carrier-pigeon" }, "routing": { "minScore": 0.99 } }""");

        var result = await AurRun.RunAsync(dir.Path, "soar", "test query");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{config}: field 'llm.timeoutMs' must be an integer", result.StandardError);
        Assert.Contains("using 30000", result.StandardError);
        Assert.Contains("field 'llm.provider' must be one of local, openai", result.StandardError);
        // A valid field next to the bad ones still applies: minScore 0.99 sends everything to the generalist.
        Assert.Contains("(assistant, match", result.StandardOutput);
    }

    [Fact]
    public async Task A_missing_config_file_is_reported_and_defaults_are_used()
    {
        using var dir = template.CopyToNew();
        var config = dir.Combine(".aurora", "config.json");
        File.Delete(config);

        var result = await AurRun.RunAsync(dir.Path, "soar", "test query");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{config}: configuration file not found", result.StandardError);
        Assert.False(File.Exists(config), "soar must not silently recreate a deleted config");
    }

    [Fact]
    public async Task A_corrupt_database_is_a_clear_error_and_is_left_untouched()
    {
        using var dir = template.CopyToNew();
        var store = dir.Combine(".aurora", "memory.db");
        var garbage = new byte[8192];
        new Random(42).NextBytes(garbage);
        await File.WriteAllBytesAsync(store, garbage);

        var result = await AurRun.RunAsync(dir.Path, "soar", "test query");

        Assert.True(result.ExitCode == StoreExitCode, result.ToString());
        Assert.Contains($"aur: error: store {store}: it is not a valid SQLite database", result.StandardError);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(store));
        Assert.Equal(string.Empty, result.StandardOutput);
    }

    [Fact]
    public async Task A_database_locked_by_another_process_is_a_clear_error_after_a_bounded_wait()
    {
        using var dir = template.CopyToNew();
        var store = dir.Combine(".aurora", "memory.db");
        var before = await File.ReadAllBytesAsync(store);
        using (var holder = new SqliteConnection($"Data Source={store};Pooling=False"))
        {
            holder.Open();
            using var lockIt = holder.CreateCommand();
            lockIt.CommandText = "BEGIN EXCLUSIVE;";
            lockIt.ExecuteNonQuery();

            var result = await AurRun.RunAsync(dir.Path, "soar", "test query");

            Assert.True(result.ExitCode == StoreExitCode, result.ToString());
            Assert.Contains($"store {store}: it is locked by another process", result.StandardError);
        }

        Assert.Equal(before, await File.ReadAllBytesAsync(store));
    }

    [Fact]
    public async Task Unreadable_and_malformed_agent_manifests_are_skipped_with_a_warning_naming_each_file()
    {
        using var dir = template.CopyToNew();
        var agents = dir.Combine(".aurora", "agents");
        var malformed = Path.Combine(agents, "broken.md");
        var noFrontMatter = Path.Combine(agents, "notes.md");
        var unreadable = Path.Combine(agents, "ghost.md");
        await File.WriteAllTextAsync(malformed, "---\nid: broken\nname: Broken\n---\nno capabilities field\n");
        await File.WriteAllTextAsync(noFrontMatter, "# just notes\n");
        File.CreateSymbolicLink(unreadable, dir.Combine("does-not-exist.md")); // readable by no one, even root

        var result = await AurRun.RunAsync(dir.Path, "soar", "fix the failing unit test");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{malformed}: skipped malformed agent manifest: field 'capabilities' is missing", result.StandardError);
        Assert.Contains($"{noFrontMatter}: skipped malformed agent manifest", result.StandardError);
        Assert.Contains($"{unreadable}: skipped agent manifest: cannot read it", result.StandardError);
        Assert.Contains("(coder, match", result.StandardOutput);
    }

    [Fact]
    public async Task A_damaged_embedding_model_is_a_clear_error_and_is_left_untouched()
    {
        using var dir = template.CopyToNew();
        var model = dir.Combine(".aurora", "models", "embeddings.bin");
        var bytes = await File.ReadAllBytesAsync(model);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(model, bytes);

        var result = await AurRun.RunAsync(dir.Path, "soar", "test query");

        Assert.True(result.ExitCode == 6, result.ToString());
        Assert.Contains($"embedding model {model} cannot be loaded: checksum mismatch", result.StandardError);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(model));
    }

    [Fact]
    public async Task A_workspace_that_cannot_be_created_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        var notADirectory = dir.Combine("plain-file");
        await File.WriteAllTextAsync(notADirectory, "x");
        var workspace = Path.Combine(notADirectory, "below");

        var result = await AurRun.RunAsync(dir.Path, new Dictionary<string, string> { ["AURORA_WORKSPACE"] = workspace }, "soar", "test query");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"aur: error: cannot create the workspace {Path.Combine(workspace, ".aurora")}", result.StandardError);
    }

    [Fact]
    public async Task The_test_only_slowdown_switch_is_announced_and_bad_entries_are_ignored_with_a_warning()
    {
        using var dir = template.CopyToNew();
        var reportPath = dir.Combine("report.json");
        var result = await AurRun.RunAsync(dir.Path, new Dictionary<string, string>
        {
            ["AURORA_SAMPLE_SLOWDOWN"] = "config:20,store_init:abc",
            ["AURORA_STARTUP_REPORT"] = reportPath,
        }, "soar", "test query");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("test-only slowdown of config +20%", result.StandardError);
        Assert.Contains("'store_init:abc' is not '<phase>:<percent>'", result.StandardError);
        Assert.Equal(6, Reports.Read(reportPath).Phases.Count);
    }
}
