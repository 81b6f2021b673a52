using System.Globalization;

namespace Aurora.Instrumentation;

/// <summary>
/// The duration grammar of budget files and settings. The grammar is exact, so a budget means the same thing in
/// the runtime checker, the CI guards and the dashboards:
/// <code>
/// duration  = number unit
/// tolerance = duration | number "%"
/// number    = digit+ [ "." digit+ ]          ; ASCII digits, no sign, no exponent, no whitespace
/// unit      = "us" | "ms" | "s" | "m"        ; microseconds, milliseconds, seconds, minutes (lower case)
/// </code>
/// A duration lies between 0 and <see cref="Max"/> (1 hour, inclusive) and is a whole number of 100 ns ticks
/// (<c>0.1us</c> is the finest step; <c>0.05us</c> is rejected rather than rounded). A percentage lies between 0 and
/// 1000 and is converted to a duration by <see cref="TryParseTolerance"/>.
/// </summary>
public static class BudgetDuration
{
    /// <summary>The largest duration the grammar accepts: one hour. Anything longer is a typo, not a startup budget.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromHours(1);

    private const int MaxLength = 40;
    private const decimal MaxPercent = 1000m;

    /// <summary>Parses a duration such as <c>250us</c>, <c>500ms</c>, <c>1.5s</c> or <c>2m</c>. Never throws.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The duration, when the text is valid.</param>
    /// <param name="error">Why the text is invalid (one sentence naming the text), or <c>null</c>.</param>
    /// <returns>Whether the text is a valid duration.</returns>
    public static bool TryParse(string? text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        if (!TryParseNumber(text, out var number, out var rest, out error))
        {
            return false;
        }

        long ticksPerUnit;
        switch (rest)
        {
            case "us":
                ticksPerUnit = TimeSpan.TicksPerMicrosecond;
                break;
            case "ms":
                ticksPerUnit = TimeSpan.TicksPerMillisecond;
                break;
            case "s":
                ticksPerUnit = TimeSpan.TicksPerSecond;
                break;
            case "m":
                ticksPerUnit = TimeSpan.TicksPerMinute;
                break;
            case "":
                error = $"{ValueExcerpt.Quoted(text)} has no unit (expected us, ms, s or m, e.g. \"{text}ms\")";
                return false;
            case "%":
                error = $"{ValueExcerpt.Quoted(text)} is a percentage, not a duration";
                return false;
            default:
                error = $"{ValueExcerpt.Quoted(text)} has an unknown unit {ValueExcerpt.Quoted(rest)} (expected us, ms, s or m)";
                return false;
        }

        var ticks = number * ticksPerUnit;
        if (ticks > Max.Ticks)
        {
            error = $"{ValueExcerpt.Quoted(text)} is longer than the maximum of 1h";
            return false;
        }

        if (ticks != decimal.Truncate(ticks))
        {
            error = $"{ValueExcerpt.Quoted(text)} is finer than the 0.1us resolution";
            return false;
        }

        value = TimeSpan.FromTicks((long)ticks);
        error = null;
        return true;
    }

    /// <summary>
    /// Parses a tolerance: a duration (<c>50ms</c>) or a percentage of <paramref name="budget"/> (<c>10%</c>, 0 to 1000,
    /// rounded down to a whole tick). Never throws.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="budget">The budget a percentage is taken of.</param>
    /// <param name="tolerance">The tolerance as a duration, when the text is valid.</param>
    /// <param name="error">Why the text is invalid, or <c>null</c>.</param>
    /// <returns>Whether the text is a valid tolerance.</returns>
    public static bool TryParseTolerance(string? text, TimeSpan budget, out TimeSpan tolerance, out string? error)
    {
        tolerance = TimeSpan.Zero;
        if (text is null || !text.EndsWith('%'))
        {
            return TryParse(text, out tolerance, out error);
        }

        if (!TryParseNumber(text, out var percent, out var rest, out error))
        {
            return false;
        }

        if (rest != "%")
        {
            error = $"{ValueExcerpt.Quoted(text)} is not a percentage like \"10%\" or a duration like \"50ms\"";
            return false;
        }

        if (percent > MaxPercent)
        {
            error = $"{ValueExcerpt.Quoted(text)} is more than the maximum tolerance of 1000%";
            return false;
        }

        var ticks = decimal.Floor(Math.Max(0, budget.Ticks) * percent / 100m);
        tolerance = TimeSpan.FromTicks((long)Math.Min(ticks, Max.Ticks));
        error = null;
        return true;
    }

    /// <summary>
    /// Formats a duration in the grammar, in the largest unit that represents it exactly: <c>2m</c>, <c>90s</c>,
    /// <c>1500ms</c>, <c>250us</c>, <c>0.5us</c>; zero is <c>0ms</c>. <see cref="TryParse"/> reads the result back to the same value.
    /// </summary>
    /// <param name="value">A duration between zero and <see cref="Max"/>.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative or longer than <see cref="Max"/>.</exception>
    public static string Format(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Max);
        var ticks = value.Ticks;
        var culture = CultureInfo.InvariantCulture;
        if (ticks == 0)
        {
            return "0ms";
        }

        if (ticks % TimeSpan.TicksPerMinute == 0)
        {
            return (ticks / TimeSpan.TicksPerMinute).ToString(culture) + "m";
        }

        if (ticks % TimeSpan.TicksPerSecond == 0)
        {
            return (ticks / TimeSpan.TicksPerSecond).ToString(culture) + "s";
        }

        if (ticks % TimeSpan.TicksPerMillisecond == 0)
        {
            return (ticks / TimeSpan.TicksPerMillisecond).ToString(culture) + "ms";
        }

        if (ticks % TimeSpan.TicksPerMicrosecond == 0)
        {
            return (ticks / TimeSpan.TicksPerMicrosecond).ToString(culture) + "us";
        }

        return string.Create(culture, $"{ticks / TimeSpan.TicksPerMicrosecond}.{ticks % TimeSpan.TicksPerMicrosecond}us");
    }

    /// <summary>Reads <c>digit+ [ "." digit+ ]</c> from the start of <paramref name="text"/>; <paramref name="rest"/> is what follows.</summary>
    private static bool TryParseNumber(string? text, out decimal number, out string rest, out string? error)
    {
        number = 0;
        rest = string.Empty;
        if (text is null)
        {
            error = "no duration given";
            return false;
        }

        if (text.Length == 0)
        {
            error = "the duration is empty";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = ValueExcerpt.Quoted(text) + " is too long to be a duration";
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                error = $"{ValueExcerpt.Quoted(text)} contains whitespace (write e.g. \"500ms\")";
                return false;
            }
        }

        if (text[0] == '-')
        {
            error = $"{ValueExcerpt.Quoted(text)} is negative";
            return false;
        }

        if (text[0] == '+')
        {
            error = $"{ValueExcerpt.Quoted(text)} has a sign (write e.g. \"500ms\")";
            return false;
        }

        var i = 0;
        var integerDigits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            integerDigits++;
        }

        if (integerDigits == 0)
        {
            error = $"{ValueExcerpt.Quoted(text)} does not start with a number (write e.g. \"500ms\" or \"0.5s\")";
            return false;
        }

        var fractionStart = -1;
        var fractionDigits = 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            fractionStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                fractionDigits++;
            }

            if (fractionDigits == 0)
            {
                error = $"{ValueExcerpt.Quoted(text)} has no digit after the decimal point";
                return false;
            }
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E') && i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] == '-' || text[i + 1] == '+'))
        {
            error = $"{ValueExcerpt.Quoted(text)} has an exponent, which the grammar does not allow";
            return false;
        }

        // Leading zeros and trailing fraction zeros carry no value; dropping them keeps the decimal within its 28 digits.
        var integerPart = text.AsSpan(0, integerDigits).TrimStart('0');
        var fractionPart = fractionStart < 0 ? [] : text.AsSpan(fractionStart, fractionDigits).TrimEnd('0');
        if (integerPart.Length > 12)
        {
            error = $"{ValueExcerpt.Quoted(text)} is longer than the maximum of 1h";
            return false;
        }

        if (fractionPart.Length > 12)
        {
            error = $"{ValueExcerpt.Quoted(text)} is finer than the 0.1us resolution";
            return false;
        }

        decimal value = 0;
        foreach (var c in integerPart)
        {
            value = (value * 10) + (c - '0');
        }

        decimal scale = 1;
        foreach (var c in fractionPart)
        {
            scale /= 10;
            value += (c - '0') * scale;
        }

        number = value;
        rest = text[i..];
        error = null;
        return true;
    }
}
