namespace Aurora.Instrumentation.OpenTelemetry.Spool;

/// <summary>
/// A spool file's name: <c>{unix ms, 13 digits}-{pid}-{sequence, ≥4 digits}-{random, 8 hex}</c>. The time first, so
/// names sort oldest first; pid, sequence and a random part, so no two runs or writes ever share one. Written digit by
/// digit: the first interpolated string with format specifiers costs ~1–1.5 ms at exit (number formatting and culture
/// data), measured in the export probe built from the packages.
/// </summary>
internal static class SpoolFileName
{
    public static string Create(long unixMilliseconds, int processId, int sequence, uint random)
    {
        Span<char> name = stackalloc char[64];
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

        return new string(name[..length]);
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
}
