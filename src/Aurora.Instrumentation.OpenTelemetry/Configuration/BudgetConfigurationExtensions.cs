using Microsoft.Extensions.Configuration;

namespace Aurora.Instrumentation.OpenTelemetry;

/// <summary>
/// Reads startup budgets from <see cref="IConfiguration"/> (appsettings.json, environment variables, …) in the shape
/// of the budget file, so one set of budgets can live with the app's other settings. Keys are read by hand rather
/// than with the reflection binder, so this stays trimming- and Native-AOT-clean. Section keys are case-insensitive
/// like all configuration keys; command names and phase ids are matched exactly.
/// </summary>
/// <example>
/// <code>
/// // appsettings.json: { "Aurora": { "Budgets": { "Commands": {
/// //   "*":    { "Phases": { "config": "500ms", "store_init": { "Budget": "100ms", "Level": "error" } } },
/// //   "soar": { "Total": "3s" } } } } }
/// var budgets = configuration.GetSection(BudgetConfigurationExtensions.DefaultSectionPath).GetBudgets();
/// using var startup = StartupTimeline.Start("soar", new StartupTimelineOptions { Budgets = budgets });
/// </code>
/// </example>
public static class BudgetConfigurationExtensions
{
    /// <summary>The conventional section: <c>Aurora:Budgets</c>.</summary>
    public const string DefaultSectionPath = "Aurora:Budgets";

    /// <summary>
    /// Reads the budgets of <paramref name="section"/>. Never throws: each invalid entry is one error (the file is the
    /// section's path, the key the entry's path inside it) and every valid entry still applies. A missing section is
    /// no budgets and no errors.
    /// </summary>
    /// <param name="section">The budgets section, e.g. <c>configuration.GetSection("Aurora:Budgets")</c>.</param>
    /// <returns>The budgets read and the errors found.</returns>
    public static BudgetFileResult ReadBudgets(this IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var source = section is IConfigurationSection { Path.Length: > 0 } named ? named.Path : "configuration";
        var reader = new BudgetSectionReader(source);
        try
        {
            reader.Read(section);
        }
        catch (Exception ex)
        {
            // A configuration provider that throws while enumerating must not take the app down; keep what was read.
            reader.Error(string.Empty, "cannot read budget settings (" + ex.GetType().Name + ": " + ex.Message + "); entries read before this point still apply");
        }

        return reader.Result();
    }

    /// <summary>
    /// Reads the budgets of <paramref name="section"/> and writes each error as one warning to <paramref name="messages"/>
    /// (default: standard error). Never throws.
    /// </summary>
    /// <param name="section">The budgets section, e.g. <c>configuration.GetSection("Aurora:Budgets")</c>.</param>
    /// <param name="messages">Where errors go; default one line on standard error.</param>
    /// <returns>Every valid budget (possibly none).</returns>
    public static BudgetSet GetBudgets(this IConfiguration section, IStartupMessageSink? messages = null)
    {
        var result = ReadBudgets(section);
        if (result.HasErrors)
        {
            messages ??= new StandardErrorMessageSink();
            foreach (var error in result.Errors)
            {
                messages.Write(new StartupMessage(StartupMessageLevel.Warning, "budget settings " + error));
            }
        }

        return result.Budgets;
    }
}
