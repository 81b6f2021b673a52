using System.Globalization;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Support;

/// <summary>/proc/&lt;pid&gt;/stat of a process the test watches but did not start itself (a grandchild, a runtime that connected).</summary>
internal static class ProcessStat
{
    /// <summary>The fields after the command name, or <c>null</c> when the process is gone: [0] is the state (field 3 of proc(5)), [1] the parent, [3] the session, [19] the start time in clock ticks, [38] the scheduling policy.</summary>
    public static string[]? Fields(long pid)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // The command name is in parentheses and may hold spaces or parentheses itself: the fields start after the last ')'.
    public static string[] Parse(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
}
