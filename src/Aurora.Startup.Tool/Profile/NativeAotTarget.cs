using Aurora.Instrumentation.Testing.Running;

namespace Aurora.Startup.Tool.Profile;

/// <summary>
/// Tells a Native AOT executable from a JIT one before running it: an AOT binary carries the compiler's
/// <c>__managedcode</c> section and has no <c>.runtimeconfig.json</c> beside it. EventPipe's sample profiler is not
/// part of a Native AOT runtime (and its diagnostic port is off unless the app was built with EventPipe support), so
/// such a command is reported, with what to use instead, rather than left to time out.
/// </summary>
internal static class NativeAotTarget
{
    /// <summary>Read at most this much of the executable: the section names sit in its first few megabytes for any startup-sized app.</summary>
    private const int MaxBytesRead = 64 << 20;

    public const string Advice =
        "Native AOT apps have no EventPipe sample profiler. Sample the native code instead: "
        + "perf record -F 999 -g -- <command>, then perf script | stackcollapse-perf.pl | flamegraph.pl > profile.svg "
        + "(the AOT binary keeps its symbols unless stripped). The phases themselves are still in the run report and in bench.";

    private static ReadOnlySpan<byte> Marker => "__managedcode"u8;

    /// <summary>The executable when it looks like a Native AOT app, else <c>null</c>.</summary>
    public static string? Find(CommandSpec command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var path = Resolve(command.FileName);
        if (path is null || Path.GetFileNameWithoutExtension(path) == "dotnet" || File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")))
        {
            return null;
        }

        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
            return Contains(file, Marker) ? path : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool Contains(Stream stream, ReadOnlySpan<byte> marker)
    {
        var buffer = new byte[1 << 20];
        var kept = 0;
        long total = 0;
        int read;
        while (total < MaxBytesRead && (read = stream.Read(buffer, kept, buffer.Length - kept)) > 0)
        {
            total += read;
            var filled = kept + read;
            if (buffer.AsSpan(0, filled).IndexOf(marker) >= 0)
            {
                return true;
            }

            // Keep the tail so a marker split across two reads is still found.
            kept = Math.Min(marker.Length - 1, filled);
            buffer.AsSpan(filled - kept, kept).CopyTo(buffer);
        }

        return false;
    }

    private static string? Resolve(string fileName)
    {
        if (fileName.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || fileName.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(fileName) ? Path.GetFullPath(fileName) : null;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string Describe(string path) => path + " is a Native AOT executable. " + Advice;
}
