using System.Diagnostics;
using System.Globalization;

namespace Aurora.Instrumentation.Testing.Running;

/// <summary>
/// Peak resident memory of a running child. <c>Process.PeakWorkingSet64</c> reads nothing useful after exit on
/// Linux, so the kernel's high-water mark (VmHWM in /proc/&lt;pid&gt;/status) is sampled every
/// <see cref="Interval"/> while the process runs and the last value read is kept: as a high-water mark it already
/// includes every earlier peak, so only growth in the final interval before exit can be missed. Elsewhere the
/// runtime's PeakWorkingSet64 is sampled the same way. <c>null</c> when nothing could be read (e.g. the process
/// lived shorter than one read).
/// </summary>
internal static class PeakMemorySampler
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    public static async Task<long?> SampleAsync(Process process, CancellationToken exited)
    {
        long? peak = null;
        int pid;
        try
        {
            pid = process.Id;
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        var statusPath = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status";
        var linux = OperatingSystem.IsLinux();
        while (!exited.IsCancellationRequested)
        {
            var value = linux ? ReadHighWaterMark(statusPath) : ReadPeakWorkingSet(process);
            if (value is { } bytes && bytes > (peak ?? 0))
            {
                peak = bytes;
            }

            try
            {
                await Task.Delay(Interval, exited).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return peak;
    }

    /// <summary>Parses the VmHWM line of a /proc/&lt;pid&gt;/status text, in bytes.</summary>
    public static long? ParseHighWaterMark(string status)
    {
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line["VmHWM:".Length..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 1 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kilobytes))
            {
                return kilobytes * 1024;
            }
        }

        return null;
    }

    private static long? ReadHighWaterMark(string statusPath)
    {
        try
        {
            return ParseHighWaterMark(File.ReadAllText(statusPath));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long? ReadPeakWorkingSet(Process process)
    {
        try
        {
            process.Refresh();
            return process.HasExited ? null : process.PeakWorkingSet64;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
