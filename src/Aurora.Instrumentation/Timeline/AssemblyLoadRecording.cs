namespace Aurora.Instrumentation.Timeline;

/// <summary>
/// Whether the timeline names the assemblies it sees load: <see cref="StartupTimelineOptions.RecordAssemblyLoads"/>, or
/// <c>AURORA_RECORD_ASSEMBLY_LOADS=1</c> from a launcher (the Testing package's guards), so a test can check what an
/// unmodified app loads before ready.
/// </summary>
internal static class AssemblyLoadRecording
{
    public const string Variable = "AURORA_RECORD_ASSEMBLY_LOADS";

    public static bool IsOn(StartupTimelineOptions options, IStartupMessageSink messages)
    {
        if (options.RecordAssemblyLoads)
        {
            return true;
        }

        var text = options.GetEnvironmentVariable(Variable)?.Trim();
        if (string.IsNullOrEmpty(text) || text == "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (text == "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        messages.Write(new StartupMessage(StartupMessageLevel.Warning, Variable + " is not 1, true, 0 or false; assembly loads are not recorded"));
        return false;
    }
}
