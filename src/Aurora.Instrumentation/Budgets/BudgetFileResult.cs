namespace Aurora.Instrumentation;

/// <summary>What reading a budget file gave: the budgets that were valid, and one error per problem.</summary>
public sealed class BudgetFileResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="budgets">The valid budgets.</param>
    /// <param name="errors">The problems found.</param>
    public BudgetFileResult(BudgetSet budgets, IReadOnlyList<BudgetFileError> errors)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        ArgumentNullException.ThrowIfNull(errors);
        Budgets = budgets;
        Errors = errors;
    }

    /// <summary>Every valid entry (possibly none).</summary>
    public BudgetSet Budgets { get; }

    /// <summary>One error per problem, in file order; empty when the file was fine.</summary>
    public IReadOnlyList<BudgetFileError> Errors { get; }

    /// <summary>Whether anything was wrong (in strict mode that fails the run).</summary>
    public bool HasErrors => Errors.Count > 0;
}
