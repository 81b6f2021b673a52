using Aurora.Startup.Tool.Output;

namespace Aurora.Startup.Tool.Export;

/// <summary>
/// Writes one export. A file that cannot be written is a warning, not a failure: the measurement and its verdict
/// (the exit code) stand without it.
/// </summary>
internal static class ExportFile
{
    public static void TryWrite(string? path, string kind, Action<string> write, ToolConsole console)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            write(path);
            console.Error.WriteLine($"aurora-startup: wrote {kind} to {path}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.Warn($"could not write {kind} to '{path}': {ex.Message}");
        }
    }
}
