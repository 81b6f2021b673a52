using System.Globalization;
using System.Text;
using Aurora.Instrumentation.OpenTelemetry.Spool;

namespace Aurora.Instrumentation.OpenTelemetry.Delivery;

/// <summary>
/// What a destination's senders remember between runs, in small files of its spool folder: when to try again after a
/// retryable failure (<c>backoff</c>: the collector's <c>Retry-After</c>, else doubling from 1 s up to 5 min), and the
/// messages the user has not seen yet (<c>notice</c>, one line each). A detached sender has no terminal, so the next
/// run of the app prints them and records them in <c>notice.shown</c>; the same problem is told again at most once a day.
/// </summary>
internal sealed class DeliveryStatus
{
    public const string BackoffFile = "backoff";
    public const string NoticeFile = "notice";
    public const string ShownNoticeFile = "notice.shown";

    /// <summary>Notices waiting at most; the oldest go first.</summary>
    public const int MaxNotices = 8;

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
    /// waiting or was shown within the last day. Returns whether it was kept. At most <see cref="MaxNotices"/> wait.
    /// </summary>
    public bool RecordNotice(string fingerprint, string message)
    {
        var pending = ReadLines(NoticeFile);
        if (pending.Exists(line => line.Key == fingerprint) || WasShownRecently(fingerprint))
        {
            return false;
        }

        pending.Add(new(fingerprint, message.Replace('\n', ' ').Replace('\t', ' ')));
        if (pending.Count > MaxNotices)
        {
            pending.RemoveRange(0, pending.Count - MaxNotices);
        }

        return WriteLines(NoticeFile, pending);
    }

    /// <summary>
    /// Drops the waiting notices of problems that are over (<paramref name="over"/> picks them by fingerprint): a notice
    /// that says the files wait for a collector that has since confirmed them would tell the user something false.
    /// </summary>
    public void WithdrawNotices(Predicate<string> over)
    {
        if (!HasNotice())
        {
            return;
        }

        var pending = ReadLines(NoticeFile);
        if (pending.RemoveAll(line => over(line.Key)) == 0)
        {
            return;
        }

        if (pending.Count == 0)
        {
            TryDelete(_spool.StateFile(NoticeFile));
        }
        else
        {
            WriteLines(NoticeFile, pending);
        }
    }

    /// <summary>Whether <paramref name="fingerprint"/> was shown to the user within the last day.</summary>
    public bool WasShownRecently(string fingerprint)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return ReadLines(ShownNoticeFile).Exists(line => line.Key == fingerprint
            && long.TryParse(line.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var shown)
            && now - shown < (long)s_repeatNoticeAfter.TotalMilliseconds);
    }

    /// <summary>Records that the user was just told about <paramref name="fingerprints"/> (by whoever printed them).</summary>
    public void MarkShown(params string[] fingerprints)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var shown = ReadLines(ShownNoticeFile);
        shown.RemoveAll(line => Array.IndexOf(fingerprints, line.Key) >= 0
            || !long.TryParse(line.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            || now - at >= (long)s_repeatNoticeAfter.TotalMilliseconds);
        foreach (var fingerprint in fingerprints)
        {
            shown.Add(new(fingerprint, now.ToString(CultureInfo.InvariantCulture)));
        }

        WriteLines(ShownNoticeFile, shown);
    }

    /// <summary>Whether a notice waits (one existence check: cheap enough for the exit path).</summary>
    public bool HasNotice() => Platform.NativeSpoolFile.Exists(_spool.StateFile(NoticeFile));

    /// <summary>The app's side: the waiting notices, marked shown (of two runs racing for them, one tells).</summary>
    public IReadOnlyList<string> TakeNotices()
    {
        var file = _spool.StateFile(NoticeFile);
        var taken = file + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".taken";
        try
        {
            File.Move(file, taken, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return []; // none, or another run took them
        }

        var bytes = SpoolDirectory.TryReadSmallFile(taken, 64 * 1024);
        TryDelete(taken);
        var notices = bytes is null ? [] : ParseLines(Encoding.UTF8.GetString(bytes));
        if (notices.Count > 0)
        {
            MarkShown([.. notices.Select(n => n.Key)]);
        }

        return [.. notices.Select(n => n.Value)];
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

    private List<KeyValuePair<string, string>> ReadLines(string name) => ParseLines(ReadSmall(name) ?? string.Empty);

    private bool WriteLines(string name, List<KeyValuePair<string, string>> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line.Key).Append('\t').Append(line.Value).Append('\n');
        }

        return _spool.TryReplaceStateFile(name, Encoding.UTF8.GetBytes(text.ToString()));
    }

    private static List<KeyValuePair<string, string>> ParseLines(string text)
    {
        var lines = new List<KeyValuePair<string, string>>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0)
            {
                lines.Add(new(line[..tab], line[(tab + 1)..]));
            }
        }

        return lines;
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
