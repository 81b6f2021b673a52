using Microsoft.Extensions.Configuration;

namespace Aurora.Instrumentation.OpenTelemetry;

/// <summary>
/// Walks a budgets configuration section (<c>Commands:&lt;command&gt;:Total</c>, <c>Commands:&lt;command&gt;:Phases:&lt;phase&gt;</c>;
/// each value a duration or a section with <c>Budget</c>, <c>Level</c>, <c>Tolerance</c>), with the same rules and
/// messages as the budget file.
/// </summary>
internal sealed class BudgetSectionReader(string source)
{
    private readonly List<BudgetFileError> _errors = [];
    private readonly BudgetSet _budgets = new();

    public BudgetFileResult Result() => new(_budgets, _errors);

    public void Read(IConfiguration section)
    {
        foreach (var child in section.GetChildren())
        {
            if (child.Key.Equals("Commands", StringComparison.OrdinalIgnoreCase))
            {
                ReadCommands(child);
            }
            else if (!child.Key.Equals("$schema", StringComparison.Ordinal))
            {
                Error(child.Key, "unknown key (expected \"Commands\"); ignored");
            }
        }
    }

    public void Error(string key, string message) => _errors.Add(new BudgetFileError(source, 0, key, message));

    private static bool HasChildren(IConfigurationSection section) => section.GetChildren().Any();

    private static string KeyOf(IConfigurationSection section, string root) => root + ":" + section.Key;

    private void ReadCommands(IConfigurationSection commands)
    {
        foreach (var command in commands.GetChildren())
        {
            var key = KeyOf(command, commands.Key);
            if (!HasChildren(command))
            {
                Error(key, "expected a section with \"Total\" and/or \"Phases\", found a value; ignored");
                continue;
            }

            foreach (var child in command.GetChildren())
            {
                var childKey = key + ":" + child.Key;
                if (child.Key.Equals(BudgetSet.Total, StringComparison.OrdinalIgnoreCase))
                {
                    ReadBudget(child, command.Key, BudgetSet.Total, childKey);
                }
                else if (child.Key.Equals("Phases", StringComparison.OrdinalIgnoreCase))
                {
                    if (!HasChildren(child))
                    {
                        Error(childKey, "expected a section of phase budgets, found a value; ignored");
                        continue;
                    }

                    foreach (var phase in child.GetChildren())
                    {
                        ReadBudget(phase, command.Key, phase.Key, childKey + ":" + phase.Key);
                    }
                }
                else
                {
                    Error(childKey, "unknown key (expected \"Total\" or \"Phases\"); ignored");
                }
            }
        }
    }

    private void ReadBudget(IConfigurationSection entry, string command, string phase, string key)
    {
        string? budgetText;
        string? levelText = null;
        string? toleranceText = null;
        var budgetKey = key;
        if (!HasChildren(entry))
        {
            budgetText = entry.Value;
        }
        else
        {
            budgetText = null;
            foreach (var child in entry.GetChildren())
            {
                var childKey = key + ":" + child.Key;
                if (HasChildren(child))
                {
                    Error(childKey, "expected a value, found a section; ignored");
                }
                else if (child.Key.Equals("Budget", StringComparison.OrdinalIgnoreCase))
                {
                    budgetText = child.Value;
                    budgetKey = childKey;
                }
                else if (child.Key.Equals("Level", StringComparison.OrdinalIgnoreCase))
                {
                    levelText = child.Value;
                }
                else if (child.Key.Equals("Tolerance", StringComparison.OrdinalIgnoreCase))
                {
                    toleranceText = child.Value;
                }
                else
                {
                    Error(childKey, "unknown key (expected \"Budget\", \"Level\" or \"Tolerance\"); ignored");
                }
            }

            if (budgetText is null)
            {
                Error(key, "missing \"Budget\" (e.g. Budget = \"500ms\"); this budget is ignored");
                return;
            }
        }

        if (!BudgetDuration.TryParse(budgetText, out var limit, out var durationError))
        {
            Error(budgetKey, durationError + "; this budget is ignored");
            return;
        }

        if (limit == TimeSpan.Zero)
        {
            Error(budgetKey, "a budget must be longer than 0; this budget is ignored");
            return;
        }

        var level = BudgetLevel.Warn;
        if (levelText is not null && !Budget.TryParseLevel(levelText, out level, out var levelError))
        {
            Error(key + ":Level", levelError + "; using warn");
            level = BudgetLevel.Warn;
        }

        var tolerance = TimeSpan.Zero;
        if (toleranceText is not null && !BudgetDuration.TryParseTolerance(toleranceText, limit, out tolerance, out var toleranceError))
        {
            Error(key + ":Tolerance", toleranceError + "; using no tolerance");
            tolerance = TimeSpan.Zero;
        }

        if (!_budgets.TryAdd(command, phase, new Budget(limit, level, tolerance), out var addError))
        {
            Error(key, addError + (addError!.StartsWith("duplicate", StringComparison.Ordinal) ? string.Empty : "; this budget is ignored"));
        }
    }
}
