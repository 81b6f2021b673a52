using Aurora.Cli.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Aurora.Cli.Tests;

/// <summary>Each command end to end: the real `aur` as a child process in a temp directory.</summary>
[Collection(AurWorkspaceDefinition.Name)]
public sealed class CommandTests(WorkspaceTemplate template)
{
    [Fact]
    public async Task Init_creates_the_workspace_and_is_idempotent()
    {
        using var dir = new TempDirectory();
        var first = await AurRun.RunAsync(dir.Path, "init");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Created workspace", first.StandardOutput);

        var aurora = dir.Combine(".aurora");
        Assert.True(File.Exists(Path.Combine(aurora, "config.json")));
        Assert.True(Directory.Exists(Path.Combine(aurora, "plans")));
        var manifests = Directory.GetFiles(Path.Combine(aurora, "agents"), "*.md");
        Assert.InRange(manifests.Length, 5, 8);
        Assert.All(manifests, m => Assert.StartsWith("---\nid: ", File.ReadAllText(m)));
        var model = new FileInfo(Path.Combine(aurora, "models", "embeddings.bin"));
        Assert.InRange(model.Length, 1L << 20, 16L << 20);

        using (var connection = new SqliteConnection($"Data Source={Path.Combine(aurora, "memory.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT MAX(version) FROM schema_version), (SELECT COUNT(*) FROM memories);";
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.True(reader.GetInt32(0) >= 1);
            Assert.True(reader.GetInt32(1) >= 3);
        }

        var modelBytes = File.ReadAllBytes(model.FullName);
        var second = await AurRun.RunAsync(dir.Path, "init");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("nothing to do", second.StandardOutput);
        Assert.Equal(modelBytes, File.ReadAllBytes(model.FullName));

        // --force rebuilds, but the old store is kept as a backup, never deleted.
        var forced = await AurRun.RunAsync(dir.Path, "init", "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("Rebuilt", forced.StandardOutput);
        Assert.Single(Directory.GetFiles(aurora, "memory.db.bak-*"));
        Assert.Equal(modelBytes, File.ReadAllBytes(model.FullName)); // deterministic generator
    }

    [Fact]
    public async Task Soar_in_a_fresh_directory_creates_the_workspace_once_and_answers()
    {
        using var dir = new TempDirectory();
        var first = await AurRun.RunAsync(dir.Path, "soar", "fix the failing unit test");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("no workspace in", first.StandardError);
        Assert.Contains("(coder, match", first.StandardOutput);
        Assert.Contains("fix the failing unit test", first.StandardOutput);
        Assert.Contains("soar ready (first_llm_call)", first.StandardError);

        var second = await AurRun.RunAsync(dir.Path, "soar", "fix the failing unit test");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("no workspace in", second.StandardError);
        Assert.Equal(first.StandardOutput, second.StandardOutput);
    }

    [Fact]
    public async Task Workspace_option_and_variable_choose_the_workspace_root()
    {
        using var cwd = new TempDirectory();
        using var viaOption = new TempDirectory();
        using var viaVariable = new TempDirectory();
        var option = await AurRun.RunAsync(cwd.Path, "soar", "--workspace", viaOption.Path, "hello");
        Assert.True(option.ExitCode == 0, option.ToString());
        var variable = await AurRun.RunAsync(cwd.Path, new Dictionary<string, string> { ["AURORA_WORKSPACE"] = viaVariable.Path }, "soar", "hello");
        Assert.True(variable.ExitCode == 0, variable.ToString());

        Assert.True(File.Exists(viaOption.Combine(".aurora", "config.json")));
        Assert.True(File.Exists(viaVariable.Combine(".aurora", "config.json")));
        Assert.False(Directory.Exists(Path.Combine(cwd.Path, ".aurora")));
    }

    [Fact]
    public async Task Goals_decomposes_into_subgoals_matched_to_agents_and_saves_the_plan()
    {
        using var dir = template.CopyToNew();
        var result = await AurRun.RunAsync(dir.Path, "goals", "write the release notes, deploy the release and audit security");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1. write the release notes", result.StandardOutput);
        Assert.Contains("(`writer`", result.StandardOutput);
        Assert.Contains("(`operator`", result.StandardOutput);
        Assert.Contains("(`reviewer`", result.StandardOutput);
        var plan = Assert.Single(Directory.GetFiles(dir.Combine(".aurora", "plans"), "*.md"));
        Assert.Contains("# Plan: write the release notes", File.ReadAllText(plan));
        Assert.Contains("goals ready (first_llm_call)", result.StandardError);
    }

    [Fact]
    public async Task Soar_runs_the_pending_migrations_of_an_older_store_and_keeps_its_rows()
    {
        using var dir = template.CopyToNew();
        var store = dir.Combine(".aurora", "memory.db");
        File.Delete(store);
        using (var old = new SqliteConnection($"Data Source={store};Pooling=False"))
        {
            // The store as schema version 1 left it: no index, no agent column.
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText =
                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);" +
                "INSERT INTO schema_version VALUES (1, 'create memories', '2025-01-01T00:00:00Z');" +
                "CREATE TABLE memories (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, content TEXT NOT NULL, created_at TEXT NOT NULL);" +
                "INSERT INTO memories (kind, content, created_at) VALUES ('fact', 'kept across migrations', '2025-01-01T00:00:00Z');";
            create.ExecuteNonQuery();
        }

        var result = await AurRun.RunAsync(dir.Path, "soar", "test query");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"store {store}: applied 2 pending migration(s)", result.StandardError);
        using var connection = new SqliteConnection($"Data Source={store};Pooling=False");
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "SELECT (SELECT MAX(version) FROM schema_version), (SELECT COUNT(*) FROM memories WHERE content = 'kept across migrations'), (SELECT agent FROM memories WHERE kind = 'query');";
        using var reader = check.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(3, reader.GetInt32(0));
        Assert.Equal(1, reader.GetInt32(1));
        Assert.Equal("coder", reader.GetString(2)); // the new column is in use
    }

    [Fact]
    public async Task Help_version_and_usage_errors_behave_like_a_cli()
    {
        using var dir = new TempDirectory();
        var help = await AurRun.RunAsync(dir.Path, "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("soar", help.StandardOutput);
        Assert.Contains("goals", help.StandardOutput);
        Assert.Contains("init", help.StandardOutput);

        var version = await AurRun.RunAsync(dir.Path, "--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.StandardOutput.Trim());

        var missingQuery = await AurRun.RunAsync(dir.Path, "soar");
        Assert.Equal(1, missingQuery.ExitCode);
        Assert.False(Directory.Exists(dir.Combine(".aurora")), "a usage error must not create a workspace");
    }
}
