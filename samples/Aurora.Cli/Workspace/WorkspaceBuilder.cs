using System.Globalization;
using Aurora.Cli.Agents;
using Aurora.Cli.Configuration;
using Aurora.Cli.Embeddings;
using Aurora.Cli.Store;

namespace Aurora.Cli.Workspace;

/// <summary>
/// Creates a workspace's files, each step on its own so <c>aur init</c> can time them as phases. Idempotent: a step
/// leaves an existing file alone unless <c>force</c> is set. Forcing never deletes the store: the old file is kept
/// as <c>memory.db.bak-&lt;timestamp&gt;</c> before a new one is created.
/// </summary>
internal sealed class WorkspaceBuilder(WorkspaceLayout layout, bool force)
{
    private readonly List<string> _created = [];

    /// <summary>What the steps so far created or rebuilt (paths relative to the workspace root).</summary>
    public IReadOnlyList<string> Created => _created;

    public void CreateDirectories()
    {
        try
        {
            Directory.CreateDirectory(layout.Directory);
            Directory.CreateDirectory(layout.PlansDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliFailure(ExitCodes.Workspace, $"cannot create the workspace {layout.Directory} ({ex.Message})", ex);
        }
    }

    /// <summary>Writes the default configuration, or reads the existing one (which then decides where the rest goes).</summary>
    public AuroraConfig WriteConfig(CliOutput output)
    {
        if (File.Exists(layout.ConfigFile) && !force)
        {
            return ConfigFile.Read(layout.ConfigFile, output);
        }

        var config = AuroraConfig.Default;
        Write(layout.ConfigFile, () => File.WriteAllBytes(layout.ConfigFile, ConfigFile.Serialize(config)));
        return config;
    }

    public async Task CreateStoreAsync(AuroraConfig config, CancellationToken cancellationToken)
    {
        var path = layout.Resolve(config.StorePath);
        if (File.Exists(path))
        {
            if (!force)
            {
                return;
            }

            MoveToBackup(path);
        }

        await MemoryStore.CreateSeededAsync(path, cancellationToken).ConfigureAwait(false);
        _created.Add(Relative(path));
    }

    public void WriteAgents(AuroraConfig config)
    {
        var directory = layout.Resolve(config.AgentsPath);
        Write(directory, () => Directory.CreateDirectory(directory), isDirectory: true);
        foreach (var (fileName, content) in DefaultAgents.Manifests)
        {
            var path = Path.Combine(directory, fileName);
            Write(path, () => File.WriteAllText(path, content));
        }
    }

    public void WriteModel() => Write(layout.ModelFile, () => EmbeddingTableFile.Write(layout.ModelFile));

    private void Write(string path, Action write, bool isDirectory = false)
    {
        var exists = isDirectory ? Directory.Exists(path) : File.Exists(path);
        if (exists && (!force || isDirectory))
        {
            return;
        }

        try
        {
            write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliFailure(ExitCodes.Workspace, $"cannot write {path} ({ex.Message})", ex);
        }

        if (!isDirectory)
        {
            _created.Add(Relative(path));
        }
    }

    private string Relative(string path) => Path.GetRelativePath(layout.Root, path);

    /// <summary>
    /// Keeps the old store as <c>memory.db.bak-&lt;UTC time&gt;</c> (a counter is added when a benchmark rebuilds several
    /// times a second): a rebuild never destroys memories.
    /// </summary>
    private static void MoveToBackup(string path)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var backup = attempt == 0 ? $"{path}.bak-{stamp}" : $"{path}.bak-{stamp}-{attempt}";
            try
            {
                File.Move(path, backup);
                return;
            }
            catch (IOException) when (File.Exists(backup))
            {
                // Taken: try the next name.
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliFailure(ExitCodes.Store, $"store {path}: cannot move it aside to rebuild it ({ex.Message}); nothing was changed", ex);
            }
        }

        throw new CliFailure(ExitCodes.Store, $"store {path}: too many backups named {path}.bak-{stamp}*; nothing was changed");
    }
}
