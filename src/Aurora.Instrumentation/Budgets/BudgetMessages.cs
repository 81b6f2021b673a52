using System.Globalization;

namespace Aurora.Instrumentation.Budgets;

/// <summary>The one-line texts the checker writes to the app's <see cref="IStartupMessageSink"/>.</summary>
internal static class BudgetMessages
{
    /// <summary><c>config took 812 ms, budget 500 ms (+62%)</c>.</summary>
    public static string Overrun(string command, string phase, double actualMs, double budgetMs)
    {
        var over = budgetMs > 0 ? Math.Round(((actualMs / budgetMs) - 1) * 100) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{Subject(command, phase)} took {Milliseconds(actualMs)}, budget {Milliseconds(budgetMs)} (+{over:0}%)");
    }

    /// <summary><c>store_init still running after 100 ms budget</c>.</summary>
    public static string LiveOverrun(string command, string phase, double budgetMs)
        => string.Create(CultureInfo.InvariantCulture, $"{Subject(command, phase)} still running after {Milliseconds(budgetMs)} budget");

    /// <summary>A duration for people: whole milliseconds from 10 ms up, finer below.</summary>
    public static string Milliseconds(double ms) => ms switch
    {
        >= 10 => ms.ToString("0", CultureInfo.InvariantCulture) + " ms",
        >= 1 => ms.ToString("0.#", CultureInfo.InvariantCulture) + " ms",
        _ => ms.ToString("0.###", CultureInfo.InvariantCulture) + " ms",
    };

    private static string Subject(string command, string phase)
        => phase == BudgetSet.Total ? "startup of '" + command + "'" : phase;
}
