using System.Globalization;

namespace Aurora.Instrumentation;

/// <summary>One problem in a budget file or budget settings.</summary>
public sealed class BudgetFileError
{
    /// <summary>Creates an error.</summary>
    /// <param name="file">The file (or settings section) it is in.</param>
    /// <param name="line">The 1-based line, or 0 when it is about the whole file.</param>
    /// <param name="key">The offending key as a dotted path, e.g. <c>commands.soar.phases.config</c>; empty for the whole file.</param>
    /// <param name="message">What is wrong and what was used instead.</param>
    public BudgetFileError(string file, int line, string key, string message)
    {
        File = file;
        Line = line;
        Key = key;
        Message = message;
    }

    /// <summary>The file (or settings section) it is in.</summary>
    public string File { get; }

    /// <summary>The 1-based line, or 0 when it is about the whole file.</summary>
    public int Line { get; }

    /// <summary>The offending key as a dotted path, e.g. <c>commands.soar.phases.config</c>; empty for the whole file.</summary>
    public string Key { get; }

    /// <summary>What is wrong and what was used instead.</summary>
    public string Message { get; }

    /// <summary>The error as <c>file:line: key: message</c> (the line and key are left out when unknown).</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var where = Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}") : File;
        return Key.Length > 0 ? $"{where}: {Key}: {Message}" : $"{where}: {Message}";
    }
}
