using Aurora.Instrumentation.Diagnostics;

namespace Aurora.Instrumentation;

/// <summary>Writes the run report at the end of the run; a failure is one warning, never an exception.</summary>
internal static class ReportFile
{
    public static bool TryWrite(StartupReport report, string path, IStartupMessageSink messages)
    {
        try
        {
            var full = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            // Write beside the target and rename, so a reader never sees half a report.
            var temporary = full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                report.WriteTo(stream);
            }

            File.Move(temporary, full, overwrite: true);
            return true;
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(ReportFile), ex);
            messages.Write(new StartupMessage(StartupMessageLevel.Warning, $"could not write the startup report to AURORA_STARTUP_REPORT='{path}': {ex.Message}; no report for this run"));
            return false;
        }
    }
}
