using System.Globalization;
using Aurora.Instrumentation.OpenTelemetry.Diagnostics;

namespace Aurora.Instrumentation.OpenTelemetry.Spool;

/// <summary>
/// The per-user folder of telemetry that could not be sent (0700, files 0600). Files are published by an atomic
/// rename from a temporary name, claimed by an atomic rename to <c>*.claimed-&lt;pid&gt;</c> (so two runs never send
/// the same file), deleted once confirmed sent, renamed back when a send fails, and quarantined when unreadable.
/// Bounded in total size, file count and age. Nothing here throws.
/// </summary>
internal sealed class SpoolDirectory
{
    public const string ReadyExtension = ".otlp";
    private const string TemporaryExtension = ".tmp";
    private const string ClaimMarker = ".claimed-";
    private const string QuarantineFolder = "quarantine";

    private static readonly TimeSpan s_staleTemporary = TimeSpan.FromMinutes(10);
    private readonly TimeProvider _time;
    private readonly SpoolLimits _limits;
    private readonly int _pid = Environment.ProcessId;
    private int _sequence;

    public SpoolDirectory(string path, TimeProvider? time = null, SpoolLimits? limits = null)
    {
        Path = path;
        _time = time ?? TimeProvider.System;
        _limits = limits ?? SpoolLimits.Default;
    }

    public string Path { get; }

    public string QuarantinePath => System.IO.Path.Combine(Path, QuarantineFolder);

    /// <summary>Persists one payload. Returns the published file, or <c>null</c> with the reason it could not be written.</summary>
    public string? TryWrite(byte kind, ReadOnlySpan<byte> payload, out string? problem)
    {
        string? temporary = null;
        try
        {
            EnsureDirectory(Path);
            var name = SpoolFileName.Create(_time.GetUtcNow().ToUnixTimeMilliseconds(), _pid, Interlocked.Increment(ref _sequence), (uint)Timeline.SpanIds.Next());
            temporary = System.IO.Path.Combine(Path, name + TemporaryExtension);
            var final = System.IO.Path.Combine(Path, name + ReadyExtension);
            var bytes = SpoolFileFormat.Encode(kind, payload);
            if (NativeSpoolFile.TryWrite(temporary, final, bytes))
            {
                problem = null;
                return final;
            }

            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(bytes);
            }

            File.Move(temporary, final, overwrite: false);
            problem = null;
            return final;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            TryDelete(temporary);
            problem = ex.Message;
            return null;
        }
    }

    /// <summary>Ready files, oldest first (names start with the write time).</summary>
    public List<string> ListReady()
    {
        try
        {
            if (!Directory.Exists(Path))
            {
                return [];
            }

            var files = Directory.GetFiles(Path, "*" + ReadyExtension);
            Array.Sort(files, StringComparer.Ordinal);
            return [.. files];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(ListReady), ex);
            return [];
        }
    }

    /// <summary>Claims a ready file for this process; <c>null</c> when another run took it first.</summary>
    public string? TryClaim(string readyFile)
    {
        var claimed = readyFile + ClaimMarker + _pid.ToString(CultureInfo.InvariantCulture);
        try
        {
            // rename(2) is atomic: of two runs renaming the same file, exactly one succeeds; the other sees it gone.
            File.Move(readyFile, claimed, overwrite: true);
            return claimed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Gives a claimed file back (the send failed or was cut short); a later run will try it again.</summary>
    public void Release(string claimedFile)
    {
        var marker = claimedFile.LastIndexOf(ClaimMarker, StringComparison.Ordinal);
        if (marker < 0)
        {
            return;
        }

        try
        {
            File.Move(claimedFile, claimedFile[..marker], overwrite: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(Release), ex);
        }
    }

    /// <summary>Deletes a claimed file whose contents were confirmed sent.</summary>
    public static void Complete(string claimedFile) => TryDelete(claimedFile);

    /// <summary>Reads a claimed file. A file that is not a valid spool file is quarantined and <c>null</c> returned.</summary>
    public byte[]? TryReadPayload(string claimedFile, out byte kind)
    {
        kind = 0;
        byte[] file;
        try
        {
            var info = new FileInfo(claimedFile);
            if (info.Length > _limits.MaxFileBytes)
            {
                Quarantine(claimedFile, $"larger than {_limits.MaxFileBytes} bytes");
                return null;
            }

            file = File.ReadAllBytes(claimedFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(TryReadPayload), ex);
            Release(claimedFile);
            return null;
        }

        if (!SpoolFileFormat.TryDecode(file, out kind, out var payload, out var problem))
        {
            Quarantine(claimedFile, problem!);
            return null;
        }

        return payload.ToArray();
    }

    /// <summary>Moves an unreadable file aside (kept for inspection, bounded) so it is never retried and never fatal.</summary>
    public void Quarantine(string file, string reason)
    {
        try
        {
            EnsureDirectory(QuarantinePath);
            var name = System.IO.Path.GetFileName(file);
            var marker = name.IndexOf(ClaimMarker, StringComparison.Ordinal);
            if (marker >= 0)
            {
                name = name[..marker];
            }

            File.Move(file, System.IO.Path.Combine(QuarantinePath, name + ".corrupt"), overwrite: true);
            AuroraOpenTelemetryEventSource.Log.SpoolFileQuarantined(name, reason);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(Quarantine), ex);
            TryDelete(file);
        }
    }

    /// <summary>
    /// Applies the bounds: stale temporary files and files past their age go, then the oldest beyond the size and
    /// count limits; claims left by runs that died are released; the quarantine keeps only its newest files.
    /// </summary>
    public void EnforceLimits()
    {
        try
        {
            if (!Directory.Exists(Path))
            {
                return;
            }

            var now = _time.GetUtcNow();
            foreach (var file in Directory.EnumerateFiles(Path))
            {
                var name = System.IO.Path.GetFileName(file);
                if (name.EndsWith(TemporaryExtension, StringComparison.Ordinal) && now - File.GetLastWriteTimeUtc(file) > s_staleTemporary)
                {
                    TryDelete(file);
                }
                else if (TryGetClaimOwner(name, out var owner) && owner != _pid && !IsAlive(owner))
                {
                    Release(file);
                }
            }

            var ready = ListReady();
            long total = 0;
            var keep = new List<(string File, long Size)>();
            foreach (var file in ready)
            {
                var info = new FileInfo(file);
                if (!info.Exists)
                {
                    continue;
                }

                if (now - WrittenAt(info) > _limits.MaxAge)
                {
                    TryDelete(file);
                    continue;
                }

                keep.Add((file, info.Length));
                total += info.Length;
            }

            // Oldest first: drop from the front until within bounds.
            var index = 0;
            while (index < keep.Count && (total > _limits.MaxTotalBytes || keep.Count - index > _limits.MaxFiles))
            {
                TryDelete(keep[index].File);
                total -= keep[index].Size;
                index++;
            }

            if (Directory.Exists(QuarantinePath))
            {
                var quarantined = Directory.GetFiles(QuarantinePath);
                Array.Sort(quarantined, StringComparer.Ordinal);
                for (var i = 0; i < quarantined.Length - _limits.MaxQuarantined; i++)
                {
                    TryDelete(quarantined[i]);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(EnforceLimits), ex);
        }
    }

    private static DateTimeOffset WrittenAt(FileInfo info)
    {
        // The name starts with the write time in Unix milliseconds; the file time is the fallback.
        var name = info.Name;
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && long.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : info.LastWriteTimeUtc;
    }

    private static bool TryGetClaimOwner(string name, out int pid)
    {
        var marker = name.LastIndexOf(ClaimMarker, StringComparison.Ordinal);
        pid = 0;
        return marker >= 0 && int.TryParse(name.AsSpan(marker + ClaimMarker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out pid);
    }

    private static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            return Directory.Exists("/proc/" + pid.ToString(CultureInfo.InvariantCulture));
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static void EnsureDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void TryDelete(string? file)
    {
        if (file is null)
        {
            return;
        }

        try
        {
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(TryDelete), ex);
        }
    }
}
