namespace Aurora.Cli.Agents;

/// <summary>
/// Agent discovery: every <c>*.md</c> in the agents folder, parsed. An unreadable or malformed manifest is skipped
/// with one warning naming the file; a duplicate id keeps the first file (in name order) and warns.
/// </summary>
internal static class AgentCatalog
{
    public static IReadOnlyList<AgentManifest> Discover(string directory, CliOutput output)
    {
        string[] files;
        try
        {
            files = Directory.GetFiles(directory, "*.md");
        }
        catch (DirectoryNotFoundException)
        {
            output.Warning($"{directory}: agents folder not found; no agents discovered (run `aur init` to create the default agents)");
            return [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            output.Warning($"{directory}: cannot list the agents folder ({ex.Message}); no agents discovered");
            return [];
        }

        // Name order makes discovery (and so routing ties) the same on every file system.
        Array.Sort(files, StringComparer.Ordinal);
        var agents = new List<AgentManifest>(files.Length);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                output.Warning($"{file}: skipped agent manifest: cannot read it ({ex.Message})");
                continue;
            }

            AgentManifest manifest;
            try
            {
                manifest = AgentManifestParser.Parse(text, file);
            }
            catch (FormatException ex)
            {
                output.Warning($"{file}: skipped malformed agent manifest: {ex.Message}");
                continue;
            }

            if (!seen.Add(manifest.Id))
            {
                output.Warning($"{file}: skipped agent manifest: id '{manifest.Id}' is already defined by another manifest");
                continue;
            }

            agents.Add(manifest);
        }

        return agents;
    }
}
