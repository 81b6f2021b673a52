using System.Globalization;
using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;

namespace Aurora.Instrumentation.Testing.Tables;

/// <summary>
/// What each phase did, as medians over the runs: the JIT, assembly-load and allocation deltas (process-wide, so a
/// background phase overlapping it shares them), how long callers waited for a lazy or background phase, and the share
/// of a background phase nobody waited for.
/// </summary>
internal static class PhaseCountersTable
{
    public static TextTable Build(IReadOnlyList<MetricSeries> metrics)
    {
        var table = new TextTable(
            "what the phases did (medians)",
            new("phase"), new("JIT methods", true), new("JIT time", true), new("assemblies", true), new("allocated", true), new("lazy wait", true), new("hidden", true));
        foreach (var metric in metrics.Where(m => m.Counters is not null))
        {
            var c = metric.Counters!;
            table.Add(
                SummaryTable.Label(metric),
                Count(PhaseCounters.Median(c.JitMethods)),
                Ms(PhaseCounters.Median(c.JitTimeMs)),
                Count(PhaseCounters.Median(c.AssembliesLoaded)),
                Bytes(PhaseCounters.Median(c.AllocatedBytes)),
                Ms(PhaseCounters.Median(c.LazyWaitMs)),
                PhaseCounters.Median(c.HiddenPercent) is { } hidden ? hidden.ToString("0", CultureInfo.InvariantCulture) + " %" : "-");
        }

        return table;
    }

    public static string Bytes(double? value) => value switch
    {
        null => "-",
        >= 1024 * 1024 => (value.Value / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1024 => (value.Value / 1024).ToString("0", CultureInfo.InvariantCulture) + " KiB",
        _ => value.Value.ToString("0", CultureInfo.InvariantCulture) + " B",
    };

    private static string Count(double? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "-";

    private static string Ms(double? value) => value is { } v ? DurationText.Milliseconds(v) : "-";
}
