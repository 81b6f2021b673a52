using System.Globalization;
using System.Text;
using Aurora.Instrumentation.OpenTelemetry.Spool;

namespace Aurora.Instrumentation.OpenTelemetry.Delivery;

/// <summary>
/// What a destination's senders remember between runs, in small files of its spool folder: when to try again after a
/// retryable failure (<c>backoff</c>: the collector's <c>Retry-After</c>, else doubling from 1 s up to 5 min), and the
/// one message the user has not seen yet (<c>notice</c>). A detached sender has no terminal, so the next run of the
/// app prints the notice and moves it to <c>notice.shown</c>; the same problem is told again at most once a day.
/// </summary>
internal sealed class DeliveryStatus
{
    public const string BackoffFile = "backoff";
    public const string NoticeFile = "notice";
    public const string ShownNoticeFile = "notice.shown";

    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_repeatNoticeAfter = TimeSpan.FromDays(1);
    private readonly SpoolDirectory _spool;
    private readonly TimeProvider _time;

    public DeliveryStatus(SpoolDirectory spool, TimeProvider time)
    {
        _spool = spool;
        _time = time;
    }

    /// <summary>Until when senders should not try (a retryable failure's backoff), or <c>null</c>.</summary>
    public DateTimeOffset? BackoffUntil()
    {
        var (until, _) = ReadBackoff();
        return until > _time.GetUtcNow() ? until : null;
    }

    /// <summary>Records a retryable failure; returns how long to wait before the next try.</summary>
    public TimeSpan RecordRetryableFailure(TimeSpan? retryAfter)
    {
        var (_, attempts) = ReadBackoff();
        attempts = Math.Min(attempts + 1, 30);
        var wait = retryAfter is { } asked && asked > TimeSpan.Zero
            ? (asked < s_maxBackoff ? asked : s_maxBackoff)
            : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempts - 1), s_maxBackoff.TotalSeconds));
        var until = _time.GetUtcNow() + wait;
        _spool.TryReplaceStateFile(BackoffFile, Encoding.UTF8.GetBytes(
            until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "\n" + attempts.ToString(CultureInfo.InvariantCulture) + "\n"));
        return wait;
    }

    /// <summary>The collector confirmed something: no backoff any more.</summary>
    public void ClearBackoff()
    {
        var file = _spool.StateFile(BackoffFile);
        if (File.Exists(file))
        {
            TryDelete(file);
        }
    }

    /// <summary>
    /// Keeps <paramref name="message"/> for the user unless the same problem (<paramref name="fingerprint"/>) is already
    /// waiting or was shown within the last day. Returns whether it was kept.
    /// </summary>
    public bool RecordNotice(string fingerprint, string message)
    {
        if (ReadNotice(NoticeFile) is { } pending && pending.Fingerprint == fingerprint)
        {
            return false;
        }

        if (WasShownRecently(fingerprint))
        {
            return false;
        }

        return _spool.TryReplaceStateFile(NoticeFile, Encoding.UTF8.GetBytes(fingerprint + "\n" + message));
    }

    /// <summary>Whether <paramref name="fingerprint"/> was shown to the user within the last day.</summary>
    public bool WasShownRecently(string fingerprint)
    {
        var shown = _spool.StateFile(ShownNoticeFile);
        return ReadNotice(ShownNoticeFile) is { } previous
            && previous.Fingerprint == fingerprint
            && _time.GetUtcNow() - File.GetLastWriteTimeUtc(shown) < s_repeatNoticeAfter;
    }

    /// <summary>Records that the user was just told about <paramref name="fingerprint"/> (by whoever printed it).</summary>
    public void MarkShown(string fingerprint, string message)
        => _spool.TryReplaceStateFile(ShownNoticeFile, Encoding.UTF8.GetBytes(fingerprint + "\n" + message));

    /// <summary>The app's side: the waiting notice, if any, marked shown (of two runs racing for it, one tells).</summary>
    public string? TakeNotice()
    {
        var notice = ReadNotice(NoticeFile);
        if (notice is null)
        {
            return null;
        }

        try
        {
            File.Move(_spool.StateFile(NoticeFile), _spool.StateFile(ShownNoticeFile), overwrite: true);
            File.SetLastWriteTimeUtc(_spool.StateFile(ShownNoticeFile), _time.GetUtcNow().UtcDateTime);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // another run took it
        }

        return notice.Value.Message;
    }

    private (DateTimeOffset Until, int Attempts) ReadBackoff()
    {
        var text = ReadSmall(BackoffFile);
        if (text is null)
        {
            return (DateTimeOffset.MinValue, 0);
        }

        var lines = text.Split('\n');
        return lines.Length >= 2
            && long.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            && int.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var attempts)
            ? (DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(ms, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())), attempts)
            : (DateTimeOffset.MinValue, 0);
    }

    private (string Fingerprint, string Message)? ReadNotice(string name)
    {
        var text = ReadSmall(name);
        var newline = text?.IndexOf('\n', StringComparison.Ordinal) ?? -1;
        return newline > 0 ? (text![..newline], text[(newline + 1)..]) : null;
    }

    /// <summary>A state file of a few hundred bytes; anything larger or unreadable counts as absent.</summary>
    private string? ReadSmall(string name)
    {
        var bytes = SpoolDirectory.TryReadSmallFile(_spool.StateFile(name), 4096);
        return bytes is null ? null : Encoding.UTF8.GetString(bytes);
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Diagnostics.AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(ClearBackoff), ex);
        }
    }
}
