using System.Globalization;

namespace Aurora.Instrumentation.Timeline;

/// <summary>
/// A W3C Trace Context <c>tracestate</c> value held to the specification: at most 32 list members of
/// <c>key=value</c>, keys simple (<c>vendor</c>) or multi-tenant (<c>tenant@system</c>) in the specification's
/// character sets and lengths, values of 1–256 printable ASCII characters without <c>,</c> or <c>=</c> and not ending in
/// a space, no key twice. A value that breaks any of these is dropped whole (the specification's rule for a list it
/// cannot parse). A valid list longer than 512 characters is truncated as the specification recommends: members longer
/// than 128 characters go first, then members from the right, until it fits.
/// </summary>
internal static class TraceStateText
{
    public const int MaxMembers = 32;
    public const int MaxLength = 512;

    /// <summary>Members longer than this are the first to go when the list is too long.</summary>
    private const int LongMember = 128;

    /// <summary>The list to propagate (<c>null</c>: none) and, when it is not <paramref name="value"/> as given, why.</summary>
    public static string? Check(string value, out string? problem)
    {
        problem = null;
        var members = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in value.Split(','))
        {
            var member = part.Trim(' ', '\t');
            if (member.Length == 0)
            {
                continue;
            }

            var equals = member.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !IsKey(member.AsSpan(0, equals)) || !IsValue(member.AsSpan(equals + 1)))
            {
                problem = "member " + ValueExcerpt.Quoted(member) + " is not key=value with a W3C key and value; it is dropped whole";
                return null;
            }

            if (!keys.Add(member[..equals]))
            {
                problem = "key " + ValueExcerpt.Quoted(member[..equals]) + " appears twice; it is dropped whole";
                return null;
            }

            members.Add(member);
            if (members.Count > MaxMembers)
            {
                problem = "it has more than " + MaxMembers.ToString(CultureInfo.InvariantCulture) + " members; it is dropped whole";
                return null;
            }
        }

        if (members.Count == 0)
        {
            return null;
        }

        var kept = string.Join(',', members);
        if (kept.Length <= MaxLength)
        {
            return kept;
        }

        var total = members.Count;
        members.RemoveAll(member => member.Length > LongMember);
        while (members.Count > 0 && JoinedLength(members) > MaxLength)
        {
            members.RemoveAt(members.Count - 1);
        }

        problem = string.Create(CultureInfo.InvariantCulture, $"it is {kept.Length} characters, more than {MaxLength}: {members.Count} of its {total} members are kept");
        return members.Count == 0 ? null : string.Join(',', members);
    }

    private static int JoinedLength(List<string> members)
    {
        var length = members.Count - 1;
        foreach (var member in members)
        {
            length += member.Length;
        }

        return length;
    }

    /// <summary><c>simple-key = lcalpha 0*255(keychar)</c>; <c>tenant-id "@" system-id</c> with <c>tenant-id = (lcalpha / DIGIT) 0*240(keychar)</c>, <c>system-id = lcalpha 0*13(keychar)</c>.</summary>
    private static bool IsKey(ReadOnlySpan<char> key)
    {
        var at = key.IndexOf('@');
        if (at < 0)
        {
            return key.Length <= 256 && IsLowerAlpha(key[0]) && AreKeyChars(key[1..]);
        }

        var tenant = key[..at];
        var system = key[(at + 1)..];
        return tenant.Length is >= 1 and <= 241 && (IsLowerAlpha(tenant[0]) || char.IsAsciiDigit(tenant[0])) && AreKeyChars(tenant[1..])
            && system.Length is >= 1 and <= 14 && IsLowerAlpha(system[0]) && AreKeyChars(system[1..]);
    }

    /// <summary><c>value = 0*255(chr) nblk-chr</c>: printable ASCII without <c>,</c> and <c>=</c>, spaces allowed but not last.</summary>
    private static bool IsValue(ReadOnlySpan<char> value)
    {
        if (value.Length is 0 or > 256 || value[^1] == ' ')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or ',' or '=')
            {
                return false;
            }
        }

        return true;
    }

    private static bool AreKeyChars(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(IsLowerAlpha(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '*' or '/'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAlpha(char c) => c is >= 'a' and <= 'z';
}
