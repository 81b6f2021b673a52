using System.Runtime.CompilerServices;
using Aurora.Instrumentation.Diagnostics;

namespace Aurora.Instrumentation.Budgets;

/// <summary>
/// Turns <see cref="StartupTimelineOptions"/> and the environment (<c>AURORA_BUDGETS</c>, <c>AURORA_BUDGET_MODE</c>)
/// into a checker for one command, or into nothing at all when there is nothing to check, so an app without budgets
/// pays nothing.
/// </summary>
internal static class BudgetSettings
{
    public const string FileVariable = "AURORA_BUDGETS";
    public const string ModeVariable = "AURORA_BUDGET_MODE";

    /// <summary>
    /// Starts reading the budget file on the thread pool, so that parsing it (System.Text.Json's first use costs
    /// 10–20 ms of JIT) overlaps the timeline's own initialisation instead of adding to it. <c>null</c> when there is
    /// no file to read or budgets are off.
    /// </summary>
    public static Task<BudgetFileResult>? BeginLoading(StartupTimelineOptions options)
    {
        try
        {
            var modeText = options.GetEnvironmentVariable(ModeVariable)?.Trim();
            var off = options.BudgetMode == BudgetMode.Off
                || (options.BudgetMode is null && string.Equals(modeText, "off", StringComparison.OrdinalIgnoreCase));
            var path = NullIfBlank(options.GetEnvironmentVariable(FileVariable)) ?? NullIfBlank(options.BudgetFilePath);
            return off || path is null ? null : Task.Run(() => BudgetSet.Load(path));
        }
        catch (Exception ex)
        {
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(BeginLoading), ex);
            return null;
        }
    }

    public static BudgetChecker? CreateChecker(StartupTimeline timeline, StartupTimelineOptions options, Task<BudgetFileResult>? loading = null)
    {
        try
        {
            var mode = options.BudgetMode ?? ReadMode(options.GetEnvironmentVariable(ModeVariable), timeline.Messages);
            var path = mode == BudgetMode.Off ? null : NullIfBlank(options.GetEnvironmentVariable(FileVariable)) ?? NullIfBlank(options.BudgetFilePath);

            // No budgets anywhere: don't even compile the method that loads the budget types (JIT on the critical path).
            return mode == BudgetMode.Off || (path is null && options.Budgets is null) ? null : CreateFromBudgets(timeline, options, mode, path, loading);
        }
        catch (Exception ex)
        {
            // Budgets are an aid; whatever goes wrong here, the app starts without them.
            AuroraInstrumentationEventSource.Log.SwallowedException(nameof(CreateChecker), ex);
            return null;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static BudgetChecker? CreateFromBudgets(StartupTimeline timeline, StartupTimelineOptions options, BudgetMode mode, string? path, Task<BudgetFileResult>? loading)
    {
        var messages = timeline.Messages;
        BudgetSet? fromFile = null;
        var broken = false;
        if (path is not null)
        {
            // Waiting is bounded: the file is capped at 1 MiB and the parser never blocks.
            var result = loading is not null ? loading.GetAwaiter().GetResult() : BudgetSet.Load(path);
            fromFile = result.Budgets;
            broken = result.HasErrors;
            var level = mode == BudgetMode.Strict ? StartupMessageLevel.Error : StartupMessageLevel.Warning;
            foreach (var error in result.Errors)
            {
                messages.Write(new StartupMessage(level, "budget file " + error));
            }
        }

        var bySpanName = Resolve(BudgetSet.Layer(options.Budgets, fromFile), timeline.Command);
        if (bySpanName.Count == 0 && !(broken && mode == BudgetMode.Strict))
        {
            return null;
        }

        return new BudgetChecker(timeline, mode, bySpanName, broken);
    }

    /// <summary>Parses <c>AURORA_BUDGET_MODE</c>: <c>warn</c>, <c>strict</c> or <c>off</c>, any case; anything else is one warning and <c>warn</c>.</summary>
    public static BudgetMode ReadMode(string? value, IStartupMessageSink messages)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Equals("warn", StringComparison.OrdinalIgnoreCase))
        {
            return BudgetMode.Warn;
        }

        if (text.Equals("strict", StringComparison.OrdinalIgnoreCase))
        {
            return BudgetMode.Strict;
        }

        if (text.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return BudgetMode.Off;
        }

        messages.Write(new StartupMessage(StartupMessageLevel.Warning, ValueExcerpt.Variable(ModeVariable, text) + " is not warn, strict or off; using warn"));
        return BudgetMode.Warn;
    }

    /// <summary>The effective budget of every span of <paramref name="command"/>, keyed by span name (one lookup per phase end).</summary>
    public static Dictionary<string, BudgetedSpan> Resolve(BudgetSet budgets, string command)
    {
        var bySpanName = new Dictionary<string, BudgetedSpan>(StringComparer.Ordinal);
        foreach (var entry in budgets.Entries)
        {
            if (entry.Command != command && entry.Command != BudgetSet.AllCommands)
            {
                continue;
            }

            var spanName = entry.Phase == BudgetSet.Total ? AuroraStartup.RootSpanName : AuroraStartup.PhaseSpanPrefix + entry.Phase;
            if (bySpanName.ContainsKey(spanName))
            {
                continue;
            }

            if (budgets.Find(command, entry.Phase) is { } effective)
            {
                bySpanName.Add(spanName, new BudgetedSpan(entry.Phase, effective));
            }
        }

        return bySpanName;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
