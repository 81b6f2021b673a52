using System.Globalization;

namespace Aurora.Instrumentation.OpenTelemetry.Spool;

/// <summary>
/// The spool's own file names, the only ones it ever reads, moves or deletes:
/// <c>{unix ms, 13 digits}-{pid}-{sequence, ≥4 digits}-{random, 8 hex}.{traces|metrics}.spool</c>, with
/// <c>.tmp</c> while being written and <c>.claimed-{pid}</c> while a sender holds it. The time first, so names sort
/// oldest first; pid, sequence and a random part, so no two runs or writes ever share one. Written digit by digit
/// (the first formatted interpolation costs milliseconds at exit under the JIT).
/// </summary>
internal static class SpoolFileName
{
    public const string TracesSignal = "traces";
    public const string MetricsSignal = "metrics";
    public const string Extension = ".spool";
    public const string TemporarySuffix = ".tmp";
    public const string ClaimMarker = ".claimed-";

    public static string Create(long unixMilliseconds, int processId, int sequence, uint random, byte kind)
    {
        Span<char> name = stackalloc char[80];
        var length = Decimal(name, (ulong)Math.Max(0, unixMilliseconds), 13);
        name[length++] = '-';
        length += Decimal(name[length..], (ulong)Math.Max(0, processId), 1);
        name[length++] = '-';
        length += Decimal(name[length..], (ulong)Math.Max(0, sequence), 4);
        name[length++] = '-';
        for (var shift = 28; shift >= 0; shift -= 4)
        {
            name[length++] = "0123456789abcdef"[(int)((random >> shift) & 0xF)];
        }

        name[length++] = '.';
        var signal = kind == SpoolFileFormat.TracesKind ? TracesSignal : MetricsSignal;
        signal.AsSpan().CopyTo(name[length..]);
        length += signal.Length;
        Extension.AsSpan().CopyTo(name[length..]);
        length += Extension.Length;
        return new string(name[..length]);
    }

    /// <summary>Parses a name of the spool's own; anything else (another app's file, a user's file) is not ours.</summary>
    public static bool TryParse(string name, out SpoolFileNameParts parts)
    {
        parts = default;
        var state = SpoolFileState.Ready;
        var claimPid = 0;
        var rest = name.AsSpan();
        var claim = rest.LastIndexOf(ClaimMarker, StringComparison.Ordinal);
        if (claim >= 0)
        {
            if (!AllDigits(rest[(claim + ClaimMarker.Length)..], 1, 10) || !int.TryParse(rest[(claim + ClaimMarker.Length)..], NumberStyles.None, CultureInfo.InvariantCulture, out claimPid))
            {
                return false;
            }

            state = SpoolFileState.Claimed;
            rest = rest[..claim];
        }
        else if (rest.EndsWith(TemporarySuffix, StringComparison.Ordinal))
        {
            state = SpoolFileState.Temporary;
            rest = rest[..^TemporarySuffix.Length];
        }

        if (!rest.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        rest = rest[..^Extension.Length];
        byte kind;
        if (rest.EndsWith("." + TracesSignal, StringComparison.Ordinal))
        {
            kind = SpoolFileFormat.TracesKind;
            rest = rest[..^(TracesSignal.Length + 1)];
        }
        else if (rest.EndsWith("." + MetricsSignal, StringComparison.Ordinal))
        {
            kind = SpoolFileFormat.MeasurementsKind;
            rest = rest[..^(MetricsSignal.Length + 1)];
        }
        else
        {
            return false;
        }

        // {13 digits}-{1..10 digits}-{4..10 digits}-{8 hex}
        var first = rest.IndexOf('-');
        if (first != 13 || !AllDigits(rest[..13], 13, 13))
        {
            return false;
        }

        var afterTime = rest[14..];
        var second = afterTime.IndexOf('-');
        if (second < 0 || !AllDigits(afterTime[..second], 1, 10))
        {
            return false;
        }

        var afterPid = afterTime[(second + 1)..];
        var third = afterPid.IndexOf('-');
        if (third < 0 || !AllDigits(afterPid[..third], 4, 10) || afterPid.Length - third - 1 != 8 || !AllLowerHex(afterPid[(third + 1)..]))
        {
            return false;
        }

        parts = new SpoolFileNameParts(long.Parse(rest[..13], NumberStyles.None, CultureInfo.InvariantCulture), kind, state, claimPid);
        return true;
    }

    /// <summary>Writes <paramref name="value"/> in decimal, left-padded with zeros to <paramref name="minimumDigits"/>.</summary>
    private static int Decimal(Span<char> destination, ulong value, int minimumDigits)
    {
        var digits = 1;
        for (var rest = value / 10; rest > 0; rest /= 10)
        {
            digits++;
        }

        digits = Math.Max(digits, minimumDigits);
        for (var i = digits - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (int)(value % 10));
            value /= 10;
        }

        return digits;
    }

    private static bool AllDigits(ReadOnlySpan<char> text, int min, int max)
    {
        if (text.Length < min || text.Length > max)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
