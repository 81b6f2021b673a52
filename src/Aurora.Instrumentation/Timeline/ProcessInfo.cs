using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Aurora.Instrumentation.Timeline;

/// <summary>Facts about this process that the root span carries.</summary>
internal static class ProcessInfo
{
    public static string RuntimeMode => RuntimeFeature.IsDynamicCodeSupported ? "jit" : "aot";

    /// <summary>The OS's record of when this process started (UTC); <c>null</c> if the OS won't say.</summary>
    public static DateTimeOffset? TryGetStartTime()
    {
        try
        {
            using var process = Process.GetCurrentProcess();
            return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception ex)
        {
            Diagnostics.AuroraInstrumentationEventSource.Log.SwallowedException(nameof(TryGetStartTime), ex);
            return null;
        }
    }

    public static string ExecutableName()
    {
        var path = Environment.ProcessPath;
        return string.IsNullOrEmpty(path) ? "unknown" : Path.GetFileName(path);
    }
}
