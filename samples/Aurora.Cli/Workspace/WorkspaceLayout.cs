namespace Aurora.Cli.Workspace;

/// <summary>
/// Where a workspace keeps its files: everything lives in <c>.aurora/</c> under the workspace root
/// (the current directory, <c>AURORA_WORKSPACE</c> or <c>--workspace</c>).
/// </summary>
internal sealed class WorkspaceLayout
{
    public const string WorkspaceVariable = "AURORA_WORKSPACE";
    public const string DirectoryName = ".aurora";

    public WorkspaceLayout(string root)
    {
        Root = Path.GetFullPath(root);
        Directory = Path.Combine(Root, DirectoryName);
        ConfigFile = Path.Combine(Directory, "config.json");
        PlansDirectory = Path.Combine(Directory, "plans");
        ModelFile = Path.Combine(Directory, "models", "embeddings.bin");
    }

    public string Root { get; }

    public string Directory { get; }

    public string ConfigFile { get; }

    public string PlansDirectory { get; }

    /// <summary>Fixed (not configurable) because the model starts loading before the configuration is read.</summary>
    public string ModelFile { get; }

    public bool Exists => System.IO.Directory.Exists(Directory);

    /// <summary>The workspace root: <paramref name="option"/>, else <c>AURORA_WORKSPACE</c>, else the current directory.</summary>
    public static WorkspaceLayout FromOption(string? option)
    {
        var root = NullIfBlank(option) ?? NullIfBlank(Environment.GetEnvironmentVariable(WorkspaceVariable)) ?? Environment.CurrentDirectory;
        return new WorkspaceLayout(root);
    }

    /// <summary>A path the configuration gives relative to <c>.aurora/</c>.</summary>
    public string Resolve(string relativeOrAbsolute) => Path.GetFullPath(relativeOrAbsolute, Directory);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
