using System.Text;
using System.Text.Json;
using Aurora.Instrumentation.Internal;

namespace Aurora.Instrumentation.Budgets;

/// <summary>
/// Reads the budget file with <see cref="Utf8JsonReader"/> (reflection-free, so trimming and Native AOT stay clean)
/// and keeps going after each problem, so one bad entry never costs the others. Lines are computed from the
/// reader's byte offsets because errors must name the line.
/// </summary>
internal sealed class BudgetFileParser
{
    /// <summary>A budget file is a few hundred bytes; anything this large is the wrong file.</summary>
    internal const int MaxFileBytes = 1024 * 1024;

    /// <summary>The most problems listed for one file.</summary>
    internal const int MaxErrors = 20;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 16,
    };

    private readonly string _file;
    private readonly int[] _lineStarts;
    private readonly List<BudgetFileError> _errors = [];
    private readonly BudgetSet _budgets = new();
    private string _currentKey = string.Empty;
    private int _unlistedErrors;

    private BudgetFileParser(string file, ReadOnlySpan<byte> utf8)
    {
        _file = file;
        var starts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    /// <summary>
    /// Reads the file through the platform layer: a regular file only (a FIFO, device, socket or directory is refused
    /// without blocking), at most <see cref="MaxFileBytes"/> counted in bytes actually read.
    /// </summary>
    public static BudgetFileResult Load(string path)
    {
        var file = string.IsNullOrEmpty(path) ? "(no path)" : ValueExcerpt.Of(path);
        if (string.IsNullOrEmpty(path))
        {
            return Failed(file, "budget file not found; no budgets from it");
        }

        if (!RegularFile.TryRead(path, MaxFileBytes, followLinks: true, out var bytes, out var problem))
        {
            var reason = problem is { Kind: FileProblemKind.NotFound, Reason: "does not exist" } ? "budget file not found" : problem?.Reason ?? "cannot be read";
            return Failed(file, reason + "; no budgets from it");
        }

        return Parse(bytes, file);
    }

    public static BudgetFileResult Parse(string json, string sourceName)
    {
        var file = string.IsNullOrEmpty(sourceName) ? "(budgets)" : ValueExcerpt.Of(sourceName);
        if (json is null)
        {
            return Failed(file, "no budget text given; no budgets from it");
        }

        return Parse(Encoding.UTF8.GetBytes(json), file);
    }

    public static BudgetFileResult Parse(ReadOnlySpan<byte> utf8, string file)
    {
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        var parser = new BudgetFileParser(file, utf8);
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            parser.Error(1, string.Empty, "the budget file is empty; no budgets from it");
            return parser.Result();
        }

        try
        {
            parser.ReadDocument(utf8);
        }
        catch (JsonException ex)
        {
            parser.AddJsonError(ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            // Invalid UTF-8 inside a string surfaces from GetString() as one of these; everything read before it still applies.
            parser.Error(0, parser._currentKey, "malformed budget file (" + ValueExcerpt.Of(ex.Message) + "); entries before this point still apply");
        }

        return parser.Result();
    }

    private static BudgetFileResult Failed(string file, string message)
        => new(new BudgetSet(), [new BudgetFileError(file, 0, string.Empty, message)]);

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private void ReadDocument(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        if (!reader.Read())
        {
            Error(1, string.Empty, "the budget file is empty; no budgets from it");
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            Error(LineOf(ref reader), string.Empty, "the budget file must be a JSON object like {\"commands\": {...}}, not " + Describe(reader.TokenType) + "; no budgets from it");
            return;
        }

        var sawCommands = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (ReadProperty(ref reader, string.Empty, seen, out var name, out var key, out var line))
        {
            switch (name)
            {
                case "commands":
                    sawCommands = true;
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadCommands(ref reader, key);
                    }
                    else
                    {
                        Error(LineOf(ref reader), key, "expected an object of commands, found " + Describe(reader.TokenType) + "; no budgets from it");
                        reader.Skip();
                    }

                    break;
                case "$schema":
                    reader.Skip();
                    break;
                default:
                    Error(line, key, "unknown key (expected \"commands\"); ignored");
                    reader.Skip();
                    break;
            }
        }

        if (!sawCommands)
        {
            Error(LineOf(ref reader), "commands", "the budget file has no \"commands\" object; no budgets from it");
        }

        // Anything after the root object is malformed JSON; the reader throws on it.
        _currentKey = string.Empty;
        reader.Read();
    }

    private void ReadCommands(ref Utf8JsonReader reader, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (ReadProperty(ref reader, path, seen, out var command, out var key, out var line))
        {
            if (string.IsNullOrWhiteSpace(command) || command.Any(char.IsWhiteSpace))
            {
                Error(line, key, ValueExcerpt.Quoted(command) + " is not a command name (use the command, or * for every command); ignored");
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Error(LineOf(ref reader), key, "expected an object with \"total\" and/or \"phases\", found " + Describe(reader.TokenType) + "; ignored");
                reader.Skip();
                continue;
            }

            ReadCommand(ref reader, command, key);
        }
    }

    private void ReadCommand(ref Utf8JsonReader reader, string command, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (ReadProperty(ref reader, path, seen, out var name, out var key, out var line))
        {
            switch (name)
            {
                case BudgetSet.Total:
                    ReadBudget(ref reader, command, BudgetSet.Total, key, line);
                    break;
                case "phases":
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadPhases(ref reader, command, key);
                    }
                    else
                    {
                        Error(LineOf(ref reader), key, "expected an object of phase budgets, found " + Describe(reader.TokenType) + "; ignored");
                        reader.Skip();
                    }

                    break;
                default:
                    Error(line, key, "unknown key (expected \"total\" or \"phases\"); ignored");
                    reader.Skip();
                    break;
            }
        }
    }

    private void ReadPhases(ref Utf8JsonReader reader, string command, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (ReadProperty(ref reader, path, seen, out var phase, out var key, out var line))
        {
            ReadBudget(ref reader, command, phase, key, line);
        }
    }

    /// <summary>Reads <c>"500ms"</c> or <c>{ "budget": "500ms", "level": "error", "tolerance": "10%" }</c> and adds it.</summary>
    private void ReadBudget(ref Utf8JsonReader reader, string command, string phase, string key, int keyLine)
    {
        string? budgetText = null;
        var budgetLine = LineOf(ref reader);
        var budgetKey = key;
        string? levelText = null;
        var levelLine = 0;
        string? toleranceText = null;
        var toleranceLine = 0;

        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                budgetText = reader.GetString();
                break;
            case JsonTokenType.StartObject:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var objectLine = budgetLine;
                while (ReadProperty(ref reader, key, seen, out var name, out var subKey, out var line))
                {
                    switch (name)
                    {
                        case "budget":
                            budgetText = ReadString(ref reader, subKey, "a duration like \"500ms\"", "this budget is ignored");
                            budgetLine = LineOf(ref reader);
                            budgetKey = subKey;
                            if (budgetText is null)
                            {
                                SkipRest(ref reader, key, seen);
                                return;
                            }

                            break;
                        case "level":
                            levelText = ReadString(ref reader, subKey, "off, warn or error", "using warn");
                            levelLine = LineOf(ref reader);
                            break;
                        case "tolerance":
                            toleranceText = ReadString(ref reader, subKey, "a percentage like \"10%\" or a duration like \"50ms\"", "using no tolerance");
                            toleranceLine = LineOf(ref reader);
                            break;
                        default:
                            Error(line, subKey, "unknown key (expected \"budget\", \"level\" or \"tolerance\"); ignored");
                            reader.Skip();
                            break;
                    }
                }

                if (budgetText is null)
                {
                    Error(objectLine, key, "missing \"budget\" (e.g. {\"budget\": \"500ms\"}); this budget is ignored");
                    return;
                }

                break;
            case JsonTokenType.Number:
                Error(budgetLine, key, "a number has no unit; write a string such as \"500ms\"; this budget is ignored");
                return;
            default:
                Error(budgetLine, key, "expected a duration such as \"500ms\" or an object {\"budget\": \"500ms\", \"level\": \"warn\"}, found " + Describe(reader.TokenType) + "; this budget is ignored");
                reader.Skip();
                return;
        }

        if (!BudgetDuration.TryParse(budgetText, out var limit, out var durationError))
        {
            Error(budgetLine, budgetKey, durationError + "; this budget is ignored");
            return;
        }

        if (limit == TimeSpan.Zero)
        {
            Error(budgetLine, budgetKey, "a budget must be longer than 0; this budget is ignored");
            return;
        }

        var level = BudgetLevel.Warn;
        if (levelText is not null && !Budget.TryParseLevel(levelText, out level, out var levelError))
        {
            Error(levelLine, key + ".level", levelError + "; using warn");
            level = BudgetLevel.Warn;
        }

        var tolerance = TimeSpan.Zero;
        if (toleranceText is not null && !BudgetDuration.TryParseTolerance(toleranceText, limit, out tolerance, out var toleranceError))
        {
            Error(toleranceLine, key + ".tolerance", toleranceError + "; using no tolerance");
            tolerance = TimeSpan.Zero;
        }

        if (!_budgets.TryAdd(command, phase, new Budget(limit, level, tolerance), out var addError))
        {
            Error(keyLine, key, addError + (addError!.StartsWith("duplicate", StringComparison.Ordinal) ? string.Empty : "; this budget is ignored"));
        }
    }

    /// <summary>Reads a string value; anything else is reported with what is expected and what is done instead.</summary>
    private string? ReadString(ref Utf8JsonReader reader, string key, string expected, string fallback)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        Error(LineOf(ref reader), key, "expected " + expected + " as a string, found " + Describe(reader.TokenType) + "; " + fallback);
        reader.Skip();
        return null;
    }

    private void SkipRest(ref Utf8JsonReader reader, string path, HashSet<string> seen)
    {
        while (ReadProperty(ref reader, path, seen, out _, out _, out _))
        {
            reader.Skip();
        }
    }

    /// <summary>
    /// Moves to the next property of the current object and onto its value. Reports a duplicate key (and skips it)
    /// so that the first value wins everywhere. Returns false at the end of the object.
    /// </summary>
    private bool ReadProperty(ref Utf8JsonReader reader, string path, HashSet<string> seen, out string name, out string key, out int line)
    {
        while (true)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                name = key = string.Empty;
                line = 0;
                return false;
            }

            line = LineOf(ref reader);
            name = reader.GetString() ?? string.Empty;
            key = Join(path, name);
            _currentKey = key;
            reader.Read();
            if (seen.Add(name))
            {
                return true;
            }

            Error(line, key, "duplicate key; the first value is used");
            reader.Skip();
        }
    }

    private int LineOf(ref Utf8JsonReader reader)
    {
        var offset = reader.TokenStartIndex;
        var index = Array.BinarySearch(_lineStarts, (int)Math.Min(offset, int.MaxValue));
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    private void AddJsonError(JsonException ex)
    {
        var line = ex.LineNumber is { } zeroBased ? (int)Math.Min(zeroBased + 1, int.MaxValue) : 0;

        // The reader's message ends with its own position ("LineNumber: 3 | BytePositionInLine: 7."); ours is the line.
        var message = ex.Message;
        var position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (position > 0)
        {
            message = message[..position];
        }

        Error(line, _currentKey, "malformed JSON: " + message.TrimEnd() + " Entries before this point still apply.");
    }

    /// <summary>Keeps the first <see cref="MaxErrors"/> problems; a file with more is summed up in one last error, so a hostile file cannot flood the output.</summary>
    private void Error(int line, string key, string message)
    {
        if (_errors.Count < MaxErrors)
        {
            _errors.Add(new BudgetFileError(_file, line, ValueExcerpt.Of(key), message));
        }
        else
        {
            _unlistedErrors++;
        }
    }

    private BudgetFileResult Result()
    {
        if (_unlistedErrors > 0)
        {
            _errors.Add(new BudgetFileError(_file, 0, string.Empty, "and " + _unlistedErrors.ToString(System.Globalization.CultureInfo.InvariantCulture) + " more problem(s) not listed"));
        }

        return new BudgetFileResult(_budgets, _errors);
    }
}
