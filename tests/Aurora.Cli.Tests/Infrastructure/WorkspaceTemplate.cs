namespace Aurora.Cli.Tests.Infrastructure;

/// <summary>
/// One `aur init` per test run, copied into each test's own directory: every test gets a real workspace without
/// paying for generating the embedding model again.
/// </summary>
public sealed class WorkspaceTemplate : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("aur-template-").FullName;

    public async Task InitializeAsync()
    {
        var result = await AurRun.RunAsync(Root, "init");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("aur init failed for the workspace template: " + result);
        }
    }

    /// <summary>A fresh copy of the initialised workspace (its root; `.aurora/` is inside).</summary>
    public TempDirectory CopyToNew()
    {
        var target = new TempDirectory();
        Copy(Path.Combine(Root, ".aurora"), target.Combine(".aurora"));
        return target;
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS temp cleaner gets it later.
        }

        return Task.CompletedTask;
    }

    private static void Copy(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(source))
        {
            Copy(directory, Path.Combine(destination, Path.GetFileName(directory)));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AurWorkspaceDefinition : ICollectionFixture<WorkspaceTemplate>
{
    public const string Name = "aur workspace";
}
