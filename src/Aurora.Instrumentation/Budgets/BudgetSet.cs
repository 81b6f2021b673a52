using Aurora.Instrumentation.Budgets;
using Aurora.Instrumentation.Internal;

namespace Aurora.Instrumentation;

/// <summary>
/// Budgets per command and phase: the budget file (<c>aurora.budgets.json</c>) in memory, or budgets built in code.
/// <c>*</c> applies to every command; an entry for a command overrides the <c>*</c> entry of the same phase;
/// the phase <c>total</c> is the root span (process start → ready).
/// </summary>
/// <example>
/// <code>
/// var budgets = new BudgetSet()
///     .Add(BudgetSet.AllCommands, StartupPhases.Config, new Budget(TimeSpan.FromMilliseconds(500)))
///     .Add("soar", BudgetSet.Total, new Budget(TimeSpan.FromSeconds(3), BudgetLevel.Error));
/// </code>
/// </example>
/// <remarks>Build it on one thread, then share it: reading is thread-safe, adding while others read is not.</remarks>
public sealed class BudgetSet
{
    /// <summary>The command key that applies to every command.</summary>
    public const string AllCommands = "*";

    /// <summary>The phase key of the root span (process start → ready).</summary>
    public const string Total = "total";

    private readonly Dictionary<(string Command, string Phase), BudgetEntry> _entries = [];
    private readonly List<BudgetEntry> _ordered = [];

    /// <summary>Every entry, in the order added.</summary>
    public IReadOnlyList<BudgetEntry> Entries => _ordered;

    /// <summary>How many entries the set holds.</summary>
    public int Count => _ordered.Count;

    /// <summary>
    /// The budget that applies to <paramref name="phase"/> of <paramref name="command"/>: the command's own entry,
    /// else the <c>*</c> entry; <c>null</c> when neither exists or the one that applies is <see cref="BudgetLevel.Off"/>.
    /// </summary>
    /// <param name="command">The command, e.g. <c>soar</c>.</param>
    /// <param name="phase">The phase id, or <c>total</c> for the root span.</param>
    /// <returns>The effective budget, or <c>null</c>.</returns>
    public Budget? Find(string command, string phase)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(phase);
        if (!_entries.TryGetValue((command, phase), out var entry) && !_entries.TryGetValue((AllCommands, phase), out entry))
        {
            return null;
        }

        return entry.Budget.Level == BudgetLevel.Off ? null : entry.Budget;
    }

    /// <summary>Adds the budget of <paramref name="phase"/> for <paramref name="command"/>.</summary>
    /// <param name="command">A command name, or <see cref="AllCommands"/>.</param>
    /// <param name="phase">A phase id (lower_snake_case), or <see cref="Total"/>.</param>
    /// <param name="budget">The budget.</param>
    /// <returns>This set, to chain calls.</returns>
    /// <exception cref="ArgumentException">The ids are invalid or the set already has this command and phase.</exception>
    public BudgetSet Add(string command, string phase, Budget budget)
    {
        if (!TryAdd(command, phase, budget, out var error))
        {
            throw new ArgumentException(error, nameof(phase));
        }

        return this;
    }

    /// <summary>Adds the budget of <paramref name="phase"/> for <paramref name="command"/> unless that is invalid. Never throws.</summary>
    /// <param name="command">A command name (not blank, no whitespace), or <see cref="AllCommands"/>.</param>
    /// <param name="phase">A phase id (lower_snake_case), or <see cref="Total"/>.</param>
    /// <param name="budget">The budget.</param>
    /// <param name="error">Why it was not added (invalid id, or a duplicate: the first entry stays), or <c>null</c>.</param>
    /// <returns>Whether it was added.</returns>
    public bool TryAdd(string? command, string? phase, Budget? budget, out string? error)
    {
        if (string.IsNullOrWhiteSpace(command) || command.Any(char.IsWhiteSpace))
        {
            error = $"{ValueExcerpt.Quoted(command)} is not a command name (use the command, or * for every command)";
            return false;
        }

        if (phase is null || !PhaseIds.IsValid(phase))
        {
            error = $"{ValueExcerpt.Quoted(phase)} is not a phase id (lower_snake_case, e.g. store_init, or total)";
            return false;
        }

        if (budget is null)
        {
            error = "no budget given";
            return false;
        }

        var entry = new BudgetEntry(command, phase, budget);
        if (!_entries.TryAdd((command, phase), entry))
        {
            error = $"duplicate budget for command '{command}', phase '{phase}'; the first one is used";
            return false;
        }

        _ordered.Add(entry);
        error = null;
        return true;
    }

    /// <summary>
    /// Reads a budget file. Never throws: a missing or unreadable file, malformed JSON and invalid entries become
    /// <see cref="BudgetFileResult.Errors"/>, and every valid entry still applies.
    /// </summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The budgets read and the errors found.</returns>
    public static BudgetFileResult Load(string path) => BudgetFileParser.Load(path);

    /// <summary>Parses the text of a budget file (JSON with comments and trailing commas). Never throws.</summary>
    /// <param name="json">The text.</param>
    /// <param name="sourceName">The name errors refer to, usually the file's path.</param>
    /// <returns>The budgets read and the errors found.</returns>
    public static BudgetFileResult Parse(string json, string sourceName) => BudgetFileParser.Parse(json, sourceName);

    /// <summary>A set with the entries of <paramref name="defaults"/>, each replaced by the entry of <paramref name="overrides"/> for the same command and phase.</summary>
    internal static BudgetSet Layer(BudgetSet? defaults, BudgetSet? overrides)
    {
        var result = new BudgetSet();
        if (overrides is not null)
        {
            foreach (var entry in overrides._ordered)
            {
                result.TryAdd(entry.Command, entry.Phase, entry.Budget, out _);
            }
        }

        if (defaults is not null)
        {
            foreach (var entry in defaults._ordered)
            {
                // A duplicate means the override already set it.
                result.TryAdd(entry.Command, entry.Phase, entry.Budget, out _);
            }
        }

        return result;
    }
}
