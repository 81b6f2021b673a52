namespace Aurora.Cli.Agents;

/// <summary>
/// Parses an agent manifest: a markdown file that starts with a front-matter block
/// <code>
/// ---
/// id: coder
/// name: Code Assistant
/// capabilities: code, debug, refactor
/// ---
/// Free text describing the agent.
/// </code>
/// Throws <see cref="FormatException"/> with a message that names the line or the missing field.
/// </summary>
internal static class AgentManifestParser
{
    private const string Fence = "---";

    public static AgentManifest Parse(string text, string sourceFile)
    {
        using var reader = new StringReader(text);
        var first = reader.ReadLine();
        if (first is null || first.Trim() != Fence)
        {
            throw new FormatException("it does not start with a '---' front-matter block");
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var lineNumber = 1;
        var closed = false;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Trim() == Fence)
            {
                closed = true;
                break;
            }

            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"line {lineNumber}: expected 'key: value'");
            }

            fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        if (!closed)
        {
            throw new FormatException("the front-matter block is never closed with '---'");
        }

        var id = Required(fields, "id");
        if (!IsValidId(id))
        {
            throw new FormatException($"id '{id}' must be lower-case letters, digits and '-'");
        }

        var capabilities = Required(fields, "capabilities")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (capabilities.Length == 0)
        {
            throw new FormatException("field 'capabilities' lists no capability");
        }

        return new AgentManifest(id, Required(fields, "name"), capabilities, reader.ReadToEnd().Trim(), sourceFile);
    }

    private static string Required(Dictionary<string, string> fields, string name)
        => fields.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new FormatException($"field '{name}' is missing");

    private static bool IsValidId(string id)
    {
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return id.Length is > 0 and <= 64;
    }
}
