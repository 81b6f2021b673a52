using System.Text;

namespace Aurora.Cli.Embeddings;

/// <summary>
/// Splits text into lower-case word tokens and hashes each to a row of the embedding table (FNV-1a over UTF-8),
/// the "hashing trick": no vocabulary file, and any word has a stable vector.
/// </summary>
internal static class TokenHasher
{
    private const int MaxTokenBytes = 64;

    // Words too common to say anything about which agent should answer.
    private static readonly HashSet<string> s_stopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "do", "for", "from", "how", "i", "in", "is", "it", "me",
        "my", "of", "on", "or", "our", "please", "so", "that", "the", "then", "this", "to", "we", "what", "with", "you",
    };

    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else
            {
                Flush(current, tokens);
            }
        }

        Flush(current, tokens);
        return tokens;
    }

    public static uint Hash(string token)
    {
        Span<byte> utf8 = stackalloc byte[MaxTokenBytes * 4];
        var length = Encoding.UTF8.GetBytes(token.AsSpan(0, Math.Min(token.Length, MaxTokenBytes)), utf8);
        var hash = 2166136261u;
        foreach (var b in utf8[..length])
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    private static void Flush(StringBuilder current, List<string> tokens)
    {
        if (current.Length == 0)
        {
            return;
        }

        var token = current.ToString();
        current.Clear();
        if (s_stopWords.Contains(token))
        {
            return;
        }

        // A light plural fold so "tests" and "test" share a row.
        if (token.Length > 3 && token[^1] == 's' && token[^2] != 's')
        {
            token = token[..^1];
        }

        tokens.Add(token);
    }
}
