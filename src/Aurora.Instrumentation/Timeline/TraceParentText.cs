namespace Aurora.Instrumentation.Timeline;

/// <summary>
/// A W3C Trace Context <c>traceparent</c> value checked as the specification asks: <c>version-traceid-parentid-flags</c>,
/// lower-case hex only, version <c>ff</c> forbidden, version <c>00</c> exactly 55 characters, an all-zero trace id or
/// parent id invalid. A later version is read as the specification says a version-00 reader must (its first four
/// fields, followed by the end or a <c>-</c>) and is propagated as version 00.
/// </summary>
internal static class TraceParentText
{
    public const int Length = 55;

    /// <summary><c>null</c> when <paramref name="value"/> is valid (<paramref name="version00"/> is then its version-00 form), else why not.</summary>
    public static string? Check(string value, out string version00)
    {
        version00 = string.Empty;
        if (value.Length < Length)
        {
            return "it is shorter than the 55 characters of 00-<32 hex>-<16 hex>-<2 hex>";
        }

        if (!IsLowerHex(value.AsSpan(0, 2)) || value[2] != '-')
        {
            return "its version is not two lower-case hex digits followed by '-'";
        }

        if (value.StartsWith("ff", StringComparison.Ordinal))
        {
            return "version ff is forbidden";
        }

        if (value.StartsWith("00", StringComparison.Ordinal) ? value.Length != Length : value.Length > Length && value[Length] != '-')
        {
            return value.StartsWith("00", StringComparison.Ordinal)
                ? "version 00 has exactly 55 characters"
                : "after the flags a later version must continue with '-'";
        }

        if (!IsLowerHex(value.AsSpan(3, 32)) || value[35] != '-' || IsAllZeros(value.AsSpan(3, 32)))
        {
            return "its trace id is not 32 lower-case hex digits, not all zero";
        }

        if (!IsLowerHex(value.AsSpan(36, 16)) || value[52] != '-' || IsAllZeros(value.AsSpan(36, 16)))
        {
            return "its parent id is not 16 lower-case hex digits, not all zero";
        }

        if (!IsLowerHex(value.AsSpan(53, 2)))
        {
            return "its flags are not two lower-case hex digits";
        }

        version00 = string.Concat("00", value.AsSpan(2, Length - 2));
        return null;
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllZeros(ReadOnlySpan<char> text) => !text.ContainsAnyExcept('0');
}
