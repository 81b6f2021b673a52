namespace Aurora.Instrumentation.Testing.Checks;

/// <summary>One budget checked against one measured value.</summary>
/// <param name="Source">Which report or aggregate the value came from.</param>
/// <param name="Phase">Phase id, or <c>total</c>.</param>
/// <param name="ActualMs">The measured (or aggregated) value.</param>
/// <param name="BudgetMs">The budget before tolerance.</param>
/// <param name="AllowedMs">The budget with its tolerance: exceeding this is an overrun.</param>
/// <param name="Level"><c>warn</c> or <c>error</c>.</param>
/// <param name="Exceeded">Whether <paramref name="ActualMs"/> is over <paramref name="AllowedMs"/>.</param>
internal sealed record BudgetVerdict(string Source, string Phase, double ActualMs, double BudgetMs, double AllowedMs, string Level, bool Exceeded)
{
    public const string ErrorLevel = "error";
    public const string WarnLevel = "warn";

    public bool IsError => Exceeded && string.Equals(Level, ErrorLevel, StringComparison.Ordinal);
}
