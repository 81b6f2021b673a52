using Aurora.Instrumentation.Diagnostics;
using Aurora.Instrumentation.Internal;

namespace Aurora.Instrumentation;

/// <summary>
/// Writes the run report at the end of the run through the platform layer: a missing directory is created (each level
/// 0700), the report goes to a temporary file beside the target and is renamed over it, so a reader never sees half a
/// report; what is not a regular file (a symbolic link, a directory, a FIFO, a socket, a device) is never replaced, and
/// no temporary file outlives a failure. A failure is one warning naming where the path came from, never an exception.
/// </summary>
internal static class ReportFile
{
    public const string Variable = "AURORA_STARTUP_REPORT";

    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/>; <paramref name="source"/> names where the path came from in the warning.</summary>
    public static bool TryWrite(StartupReport report, string path, string source, IStartupMessageSink messages)
    {
        FileProblem? problem;
        try
        {
            var target = ReplaceTarget.Of(path);
            var directory = Path.GetDirectoryName(target.FullPath);
            problem = target.Problem;
            if (problem is null
                && (string.IsNullOrEmpty(directory) || PathDescription.Of(directory, followLinks: true).Kind != PathKind.Missing || PrivateDirectory.TryCreate(directory, out problem)))
            {
                using var buffer = new MemoryStream();
                report.WriteTo(buffer);
                if (RegularFile.TryReplace(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length), out problem))
                {
                    return true;
                }
            }
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(ReportFile), ex);
            problem = RegularFile.Unexpected(path, ex);
        }

        var why = problem is null ? "it cannot be written" : problem.Path == path ? "it " + problem.Reason : problem.Message;
        messages.Write(new StartupMessage(StartupMessageLevel.Warning, "could not write the startup report to " + ValueExcerpt.Variable(source, path) + ": " + why + "; no report for this run"));
        return false;
    }
}
