using System.Globalization;

namespace Aurora.Instrumentation;

/// <summary>
/// A time budget for one span: a <see cref="Limit"/>, a <see cref="Level"/> and a <see cref="Tolerance"/>. A duration
/// overruns the budget when it is longer than <see cref="Limit"/> + <see cref="Tolerance"/>; exactly at that threshold
/// is still within budget.
/// </summary>
public sealed class Budget
{
    /// <summary>Creates a budget.</summary>
    /// <param name="limit">The budget; greater than zero and at most <see cref="BudgetDuration.Max"/>.</param>
    /// <param name="level">What an overrun means; default <see cref="BudgetLevel.Warn"/>.</param>
    /// <param name="tolerance">Extra time allowed before an overrun counts; zero to <see cref="BudgetDuration.Max"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public Budget(TimeSpan limit, BudgetLevel level = BudgetLevel.Warn, TimeSpan tolerance = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, BudgetDuration.Max);
        ArgumentOutOfRangeException.ThrowIfLessThan(tolerance, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tolerance, BudgetDuration.Max);
        if (level is not (BudgetLevel.Off or BudgetLevel.Warn or BudgetLevel.Error))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown budget level.");
        }

        Limit = limit;
        Level = level;
        Tolerance = tolerance;
        ThresholdTicks = limit.Ticks + tolerance.Ticks;
        LimitMilliseconds = limit.TotalMilliseconds;
        BoxedLimitMilliseconds = LimitMilliseconds;
    }

    /// <summary>The budget.</summary>
    public TimeSpan Limit { get; }

    /// <summary>What an overrun means.</summary>
    public BudgetLevel Level { get; }

    /// <summary>Extra time allowed on top of <see cref="Limit"/> before an overrun counts.</summary>
    public TimeSpan Tolerance { get; }

    /// <summary>The longest duration still within budget: <see cref="Limit"/> + <see cref="Tolerance"/>.</summary>
    public TimeSpan Threshold => TimeSpan.FromTicks(ThresholdTicks);

    internal long ThresholdTicks { get; }

    internal double LimitMilliseconds { get; }

    /// <summary>The limit boxed once, so tagging a span with it does not allocate.</summary>
    internal object BoxedLimitMilliseconds { get; }

    /// <summary>The level's name in the budget file, span events and metrics: <c>off</c>, <c>warn</c> or <c>error</c>.</summary>
    internal string LevelName => NameOf(Level);

    /// <summary>Whether <paramref name="duration"/> overruns this budget (is longer than <see cref="Threshold"/>).</summary>
    /// <param name="duration">How long the span took.</param>
    /// <returns><c>true</c> when it is at least one tick longer than <see cref="Limit"/> + <see cref="Tolerance"/>.</returns>
    public bool IsExceededBy(TimeSpan duration) => duration.Ticks > ThresholdTicks;

    /// <summary>Parses a level name of the budget file grammar: <c>off</c>, <c>warn</c> or <c>error</c> (lower case). Never throws.</summary>
    /// <param name="text">The text.</param>
    /// <param name="level">The level, when valid.</param>
    /// <param name="error">Why the text is invalid, or <c>null</c>.</param>
    /// <returns>Whether the text is a level.</returns>
    public static bool TryParseLevel(string? text, out BudgetLevel level, out string? error)
    {
        switch (text)
        {
            case "off":
                level = BudgetLevel.Off;
                break;
            case "warn":
                level = BudgetLevel.Warn;
                break;
            case "error":
                level = BudgetLevel.Error;
                break;
            default:
                level = BudgetLevel.Warn;
                error = $"unknown level {ValueExcerpt.Quoted(text)} (expected off, warn or error)";
                return false;
        }

        error = null;
        return true;
    }

    /// <summary>The budget in the file grammar, e.g. <c>500ms (error, tolerance 50ms)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
        => Tolerance == TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $"{BudgetDuration.Format(Limit)} ({LevelName})")
            : string.Create(CultureInfo.InvariantCulture, $"{BudgetDuration.Format(Limit)} ({LevelName}, tolerance {BudgetDuration.Format(Tolerance)})");

    internal static string NameOf(BudgetLevel level) => level switch
    {
        BudgetLevel.Off => "off",
        BudgetLevel.Error => "error",
        _ => "warn",
    };
}
