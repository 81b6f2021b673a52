namespace Aurora.Instrumentation.Telemetry;

/// <summary>
/// The library's version as <c>major.minor.patch</c>, the instrumentation scope version of the <c>Aurora.Startup</c>
/// source and meter. Read from <see cref="System.Reflection.Assembly.FullName"/>: <c>Assembly.GetName()</c> costs
/// ~3 ms on first use even precompiled (it builds and parses an <c>AssemblyName</c>), the full name ~0.3 ms
/// (measured in a bare ReadyToRun app).
/// </summary>
internal static class LibraryVersion
{
    public static string? Value { get; } = FromFullName(typeof(LibraryVersion).Assembly.FullName);

    /// <summary>"Name, Version=1.2.3.4, Culture=…" → "1.2.3"; <c>null</c> when there is no version.</summary>
    internal static string? FromFullName(string? fullName)
    {
        const string Key = "Version=";
        var start = fullName?.IndexOf(Key, StringComparison.Ordinal) ?? -1;
        if (start < 0)
        {
            return null;
        }

        start += Key.Length;
        var end = start;
        var dots = 0;
        while (end < fullName!.Length && fullName[end] != ',' && !(fullName[end] == '.' && ++dots == 3))
        {
            end++;
        }

        return end > start ? fullName[start..end] : null;
    }
}
