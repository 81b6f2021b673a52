using System.Globalization;
using System.Text;

namespace Aurora.Instrumentation;

/// <summary>
/// How a message shows a bad value: at most <see cref="MaxLength"/> characters of it, control and invisible characters
/// escaped (<c>\n</c>, <c>\x1b</c>, <c>\u202e</c>, …) so a value can neither break a log line nor repaint a terminal,
/// and a cut marked with <c>…</c> and the value's full length. A variable that may carry a secret is named and its
/// value never shown (<see cref="MayCarrySecret"/>). Every message of the libraries about a bad value goes through it.
/// </summary>
internal static class ValueExcerpt
{
    /// <summary>The most characters of a value a message shows (escapes included).</summary>
    public const int MaxLength = 80;

    /// <summary>The value, bounded and escaped, without quotes (for paths and keys).</summary>
    public static string Of(string? value)
    {
        if (value is null)
        {
            return "(none)";
        }

        if (value.Length <= MaxLength && !NeedsEscape(value))
        {
            return value;
        }

        var text = new StringBuilder(MaxLength + 24);
        var shown = Append(text, value);
        if (shown < value.Length)
        {
            text.Append('…').Append(" (").Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(" characters)");
        }

        return text.ToString();
    }

    /// <summary>The value in single quotes, bounded and escaped: <c>'loud'</c>.</summary>
    public static string Quoted(string? value)
    {
        if (value is null)
        {
            return "(none)";
        }

        var text = new StringBuilder(MaxLength + 26);
        text.Append('\'');
        var shown = Append(text, value);
        text.Append('\'');
        if (shown < value.Length)
        {
            text.Append("… (").Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(" characters)");
        }

        return text.ToString();
    }

    /// <summary>
    /// <c>NAME='value'</c>, or for a variable that may carry a secret <c>NAME (value not shown)</c>: the one way a message
    /// names an environment variable together with its value.
    /// </summary>
    public static string Variable(string name, string? value)
        => MayCarrySecret(name) ? name + " (value not shown)" : name + "=" + Quoted(value);

    /// <summary>
    /// Whether a variable's value may be a secret, from its name: headers (<c>OTEL_EXPORTER_OTLP_HEADERS</c>), keys
    /// (<c>AURORA_LLM_API_KEY</c>), tokens, passwords, credentials, cookies. Such a value is never quoted.
    /// </summary>
    public static bool MayCarrySecret(string name)
        => Has(name, "HEADER") || Has(name, "KEY") || Has(name, "TOKEN") || Has(name, "SECRET") || Has(name, "PASSWORD")
            || Has(name, "PASSWD") || Has(name, "CREDENTIAL") || Has(name, "AUTH") || Has(name, "COOKIE");

    private static bool Has(string name, string word) => name.Contains(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>Appends escaped characters of <paramref name="value"/> while they fit in <see cref="MaxLength"/>; returns how many source characters were shown.</summary>
    private static int Append(StringBuilder text, string value)
    {
        var start = text.Length;
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            string? escape = null;
            var width = 1;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                width = 2;
            }
            else if (MustEscape(c))
            {
                escape = Escape(c);
            }

            var length = escape?.Length ?? width;
            if (text.Length - start + length > MaxLength)
            {
                break;
            }

            if (escape is not null)
            {
                text.Append(escape);
            }
            else
            {
                text.Append(value, i, width);
            }

            i += width;
        }

        return i;
    }

    private static bool NeedsEscape(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (MustEscape(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Control characters, lone surrogates, and the invisible ones that reorder or hide text (bidi overrides, zero-width, line separators).</summary>
    private static bool MustEscape(char c)
        => char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static string Escape(char c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\0' => "\\0",
        < '\u0100' => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
        _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
    };
}
