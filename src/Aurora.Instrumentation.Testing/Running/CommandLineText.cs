using System.Text;

namespace Aurora.Instrumentation.Testing.Running;

/// <summary>
/// Splits a command given as one string (<c>compare --base "dotnet aur.dll soar 'q'"</c>) into argv the way a
/// POSIX shell would for words and quotes only: whitespace separates words, '…' is literal, "…" allows \" and \\,
/// a backslash outside quotes escapes the next character. No variables, globs or pipes: nothing is run by a shell.
/// </summary>
internal static class CommandLineText
{
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (c == '\'')
            {
                var end = text.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    throw new FormatException($"unterminated ' in command: {text}");
                }

                current.Append(text, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
                    {
                        i++;
                    }

                    current.Append(text[i]);
                    i++;
                }

                if (i >= text.Length)
                {
                    throw new FormatException($"unterminated \" in command: {text}");
                }
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(text[++i]);
            }
            else
            {
                current.Append(c);
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    /// <summary>Quotes one word for display so that <see cref="Split"/> gives it back.</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && !word.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '\\'))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
