using System.Globalization;
using Aurora.Instrumentation.Internal;
using Aurora.Instrumentation.OpenTelemetry.Diagnostics;
using Aurora.Instrumentation.OpenTelemetry.Platform;

namespace Aurora.Instrumentation.OpenTelemetry.Spool;

/// <summary>
/// One destination's folder of unsent telemetry (<c>&lt;spool root&gt;/&lt;destination key&gt;/</c>, 0700, files 0600):
/// a run's traces and metric measurements, each in its own file. Files are published by an atomic rename from a
/// temporary name, claimed by an atomic rename to <c>*.claimed-&lt;pid&gt;</c> (so two senders never send the same
/// file), deleted once confirmed sent, renamed back when a send fails, moved to <c>quarantine/</c> when unreadable and
/// to <c>rejected/</c> when the collector refused them for good. Bounded in size, count and age. Only names of the
/// spool's own (<see cref="SpoolFileName"/>) are ever read, moved or deleted, and only when the folder and the spool
/// root above it are <em>trusted</em> (owned by this user, writable by nobody else; ssh's StrictModes rules): a
/// directory another user owns, or anyone can write to, is never written to or read from, so nobody can plant a file
/// that a run would send with its credentials. Every file is read as a regular file without following links, bounded
/// by the bytes actually read. Nothing here throws.
/// </summary>
internal sealed class SpoolDirectory
{
    public const string QuarantineFolder = "quarantine";
    public const string RejectedFolder = "rejected";

    private static readonly TimeSpan s_staleTemporary = TimeSpan.FromMinutes(10);
    private readonly TimeProvider _time;
    private readonly SpoolLimits _limits;
    private readonly int _pid = Environment.ProcessId;
    private int _sequence;
    private volatile bool _trusted;

    /// <param name="path">The destination's folder.</param>
    /// <param name="time">Clock.</param>
    /// <param name="limits">Bounds.</param>
    /// <param name="root">The spool root above it, checked with it (default: its parent).</param>
    public SpoolDirectory(string path, TimeProvider? time = null, SpoolLimits? limits = null, string? root = null)
    {
        Path = path;
        RootPath = root ?? System.IO.Path.GetDirectoryName(System.IO.Path.TrimEndingDirectorySeparator(path)) ?? path;
        _time = time ?? TimeProvider.System;
        _limits = limits ?? SpoolLimits.Default;
    }

    /// <summary>The destination's folder.</summary>
    public string Path { get; }

    /// <summary>The spool root the folder is in.</summary>
    public string RootPath { get; }

    public string QuarantinePath => System.IO.Path.Combine(Path, QuarantineFolder);

    public string RejectedPath => System.IO.Path.Combine(Path, RejectedFolder);

    /// <summary>The folder of destination <paramref name="key"/> under <paramref name="root"/>.</summary>
    public static string PathFor(string root, string key) => System.IO.Path.Combine(root, key);

    /// <summary>A state file of this destination (lock, backoff, notices, cumulative metrics).</summary>
    public string StateFile(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Persists one payload. Returns the published file, or <c>null</c> with the reason it could not be written.</summary>
    public string? TryWrite(byte kind, ReadOnlySpan<byte> payload, out string? problem)
    {
        string? temporary = null;
        try
        {
            if (EnsureTrusted() is { } untrusted)
            {
                problem = untrusted.Message;
                return null;
            }

            var name = SpoolFileName.Create(_time.GetUtcNow().ToUnixTimeMilliseconds(), _pid, Interlocked.Increment(ref _sequence), (uint)Timeline.SpanIds.Next(), kind);
            temporary = System.IO.Path.Combine(Path, name + SpoolFileName.TemporarySuffix);
            var final = System.IO.Path.Combine(Path, name);
            var bytes = SpoolFileFormat.Encode(kind, payload);
            if (NativeSpoolFile.TryWrite(temporary, final, bytes))
            {
                problem = null;
                return final;
            }

            WriteWithFileApis(temporary, final, bytes);
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

    /// <summary>Writes a state file atomically (a temporary file beside it, then a rename over it; never over a link or special file).</summary>
    public bool TryReplaceStateFile(string name, ReadOnlySpan<byte> contents)
    {
        if (EnsureTrusted() is not null)
        {
            return false;
        }

        if (!RegularFile.TryReplace(StateFile(name), contents, out var problem))
        {
            AuroraOpenTelemetryEventSource.Log.Warning("spool state file not written: " + problem!.Message);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Creates the folder if needed (each created level 0700) and checks that it and the spool root are trusted;
    /// <c>null</c> when they are, else the problem, naming the directory. Remembered once it holds.
    /// </summary>
    public FileProblem? EnsureTrusted()
    {
        if (_trusted)
        {
            return null;
        }

        if (!PrivateDirectory.TryCreate(Path, out var problem))
        {
            return problem;
        }

        problem = PrivateDirectory.CheckTrusted(RootPath) ?? PrivateDirectory.CheckTrusted(Path);
        _trusted = problem is null;
        return problem;
    }

    /// <summary>Whether the folder exists and is trusted (without creating anything): what every read checks first.</summary>
    public bool IsTrustedForReading()
    {
        if (_trusted)
        {
            return true;
        }

        if (PathDescription.Of(Path).Kind == PathKind.Missing)
        {
            return false;
        }

        _trusted = PrivateDirectory.CheckTrusted(RootPath) is null && PrivateDirectory.CheckTrusted(Path) is null;
        return _trusted;
    }

    /// <summary>Ready files of <paramref name="kind"/>, oldest first (names start with the write time).</summary>
    public List<string> ListReady(byte kind)
    {
        var files = new List<string>();
        foreach (var (file, parts) in OwnFiles())
        {
            if (parts.State == SpoolFileState.Ready && parts.Kind == kind)
            {
                files.Add(file);
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>Whether any file waits to be sent.</summary>
    public bool HasReady()
    {
        foreach (var (_, parts) in OwnFiles())
        {
            if (parts.State == SpoolFileState.Ready)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Claims a ready file for this process; <c>null</c> when another sender took it first.</summary>
    public string? TryClaim(string readyFile)
    {
        var claimed = readyFile + SpoolFileName.ClaimMarker + _pid.ToString(CultureInfo.InvariantCulture);
        try
        {
            // rename(2) is atomic: of two senders renaming the same file, exactly one succeeds; the other sees it gone.
            // (overwrite: true is what makes File.Move a plain rename; without it .NET links and unlinks, and two
            // claimers with different target names could both succeed.)
            File.Move(readyFile, claimed, overwrite: true);
            return claimed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Gives a claimed file back (the send failed or was cut short); a later sender tries it again.</summary>
    public void Release(string claimedFile)
    {
        var marker = claimedFile.LastIndexOf(SpoolFileName.ClaimMarker, StringComparison.Ordinal);
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

    /// <summary>Reads a claimed file of <paramref name="kind"/>. One that is not a valid spool file is quarantined and <c>null</c> returned.</summary>
    public byte[]? TryReadPayload(string claimedFile, byte kind)
    {
        // A regular file only, links not followed, at most the bound in bytes actually read: a FIFO, a device or a
        // link to /dev/zero named like a spool file never blocks or grows memory; it is moved aside like a torn file.
        if (!RegularFile.TryRead(claimedFile, _limits.MaxFileBytes, followLinks: false, out var file, out var unreadable))
        {
            if (unreadable!.Kind is FileProblemKind.AccessDenied or FileProblemKind.Other)
            {
                AuroraOpenTelemetryEventSource.Log.Warning("spool file not read: " + unreadable.Message);
                Release(claimedFile);
            }
            else
            {
                Quarantine(claimedFile, unreadable.Reason);
            }

            return null;
        }

        if (!SpoolFileFormat.TryDecode(file, out var found, out var payload, out var problem) || found != kind)
        {
            Quarantine(claimedFile, problem ?? $"holds payload kind {found}, not {kind}");
            return null;
        }

        return payload.ToArray();
    }

    /// <summary>
    /// Reads a small file of the spool (a state file) whole, or <c>null</c> when it is missing, unreadable or larger than
    /// <paramref name="maxBytes"/>.
    /// </summary>
    public static byte[]? TryReadSmallFile(string path, int maxBytes)
        => RegularFile.TryRead(path, maxBytes, followLinks: false, out var bytes, out _) ? bytes : null;

    /// <summary>Moves an unreadable file aside (kept for inspection, bounded) so it is never retried and never fatal.</summary>
    public void Quarantine(string file, string reason)
    {
        MoveAside(file, QuarantinePath, ".corrupt");
        AuroraOpenTelemetryEventSource.Log.SpoolFileQuarantined(System.IO.Path.GetFileName(file), reason);
    }

    /// <summary>Moves a file the collector refused for good aside (kept for inspection, bounded): never retried, never blocking newer files.</summary>
    public void Reject(string claimedFile) => MoveAside(claimedFile, RejectedPath, string.Empty);

    /// <summary>
    /// Applies the bounds: stale temporary files and files past their age go, then the oldest beyond the size and
    /// count limits; claims left by senders that died are released; quarantine and rejected folders keep only their
    /// newest files.
    /// </summary>
    public void EnforceLimits()
    {
        try
        {
            if (!IsTrustedForReading())
            {
                return;
            }

            var now = _time.GetUtcNow();
            var keep = new List<(string File, long Size)>();
            long total = 0;
            foreach (var (file, parts) in OwnFiles())
            {
                var age = now - DateTimeOffset.FromUnixTimeMilliseconds(parts.WrittenUnixMilliseconds);
                switch (parts.State)
                {
                    case SpoolFileState.Temporary when age > s_staleTemporary:
                        TryDelete(file);
                        break;
                    case SpoolFileState.Claimed when parts.ClaimPid != _pid && !IsAlive(parts.ClaimPid):
                        Release(file);
                        break;
                    case SpoolFileState.Ready when age > _limits.MaxAge:
                        TryDelete(file);
                        break;
                    case SpoolFileState.Ready:
                        // Anything that is not a valid spool file goes aside first, so the size bound below counts
                        // only valid files: a foreign or oversized file can never cost a valid one its place.
                        if (ValidSize(file, parts.Kind) is { } size)
                        {
                            keep.Add((file, size));
                            total += size;
                        }

                        break;
                }
            }

            // Oldest first: drop from the front until within bounds.
            keep.Sort(static (a, b) => string.CompareOrdinal(a.File, b.File));
            var index = 0;
            while (index < keep.Count && (total > _limits.MaxTotalBytes || keep.Count - index > _limits.MaxFiles))
            {
                TryDelete(keep[index].File);
                total -= keep[index].Size;
                index++;
            }

            TrimFolder(QuarantinePath);
            TrimFolder(RejectedPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(EnforceLimits), ex);
        }
    }

    /// <summary>The size of a ready file that is a valid spool file of <paramref name="kind"/>; otherwise it is quarantined and <c>null</c> returned.</summary>
    private long? ValidSize(string file, byte kind)
    {
        if (!RegularFile.TryRead(file, _limits.MaxFileBytes, followLinks: false, out var bytes, out var unreadable))
        {
            if (unreadable!.Kind is FileProblemKind.NotFound)
            {
                return null; // taken by a sender meanwhile
            }

            Quarantine(file, unreadable.Reason);
            return null;
        }

        if (!SpoolFileFormat.TryDecode(bytes, out var found, out _, out var problem) || found != kind)
        {
            Quarantine(file, problem ?? $"holds payload kind {found}, not {kind}");
            return null;
        }

        return bytes.Length;
    }

    private IEnumerable<(string File, SpoolFileNameParts Parts)> OwnFiles()
    {
        string[] files;
        try
        {
            if (!IsTrustedForReading())
            {
                yield break;
            }

            files = Directory.GetFiles(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(OwnFiles), ex);
            yield break;
        }

        foreach (var file in files)
        {
            if (SpoolFileName.TryParse(System.IO.Path.GetFileName(file), out var parts))
            {
                yield return (file, parts);
            }
        }
    }

    private void MoveAside(string file, string folder, string suffix)
    {
        try
        {
            if (!PrivateDirectory.TryCreate(folder, out var problem))
            {
                AuroraOpenTelemetryEventSource.Log.Warning("spool file not moved aside: " + problem!.Message);
                TryDelete(file);
                return;
            }

            var name = System.IO.Path.GetFileName(file);
            var marker = name.IndexOf(SpoolFileName.ClaimMarker, StringComparison.Ordinal);
            if (marker >= 0)
            {
                name = name[..marker];
            }

            File.Move(file, System.IO.Path.Combine(folder, name + suffix), overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(MoveAside), ex);
            TryDelete(file);
        }
    }

    private void TrimFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        var files = new List<string>();
        foreach (var file in Directory.GetFiles(folder))
        {
            var name = System.IO.Path.GetFileName(file);
            if (SpoolFileName.TryParse(name.EndsWith(".corrupt", StringComparison.Ordinal) ? name[..^".corrupt".Length] : name, out _))
            {
                files.Add(file);
            }
        }

        files.Sort(StringComparer.Ordinal);
        for (var i = 0; i < files.Count - _limits.MaxQuarantined; i++)
        {
            TryDelete(files[i]);
        }
    }

    private static void WriteWithFileApis(string temporary, string final, ReadOnlySpan<byte> bytes)
    {
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
