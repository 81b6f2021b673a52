using System.Text;

namespace Aurora.Instrumentation.OpenTelemetry.Diagnostics;

/// <summary>
/// A bad value as a message may quote it: at most <see cref="MaxLength"/> characters, control characters escaped,
/// truncation marked. Values of variables that may carry secrets (headers, keys) are never passed here: messages name
/// those variables only.
/// </summary>
internal static class Excerpt
{
    public const int MaxLength = 80;

    public static string Of(string? value)
    {
        if (value is null)
        {
            return "''";
        }

        var text = new StringBuilder(Math.Min(value.Length, MaxLength) + 8);
        text.Append('\'');
        var shown = 0;
        foreach (var c in value)
        {
            if (shown == MaxLength)
            {
                text.Append("…' (").Append(value.Length).Append(" characters)");
                return text.ToString();
            }

            if (char.IsControl(c))
            {
                text.Append(c switch { '\r' => "\\r", '\n' => "\\n", '\t' => "\\t", '\0' => "\\0", _ => "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) });
            }
            else
            {
                text.Append(c);
            }

            shown++;
        }

        return text.Append('\'').ToString();
    }
}
