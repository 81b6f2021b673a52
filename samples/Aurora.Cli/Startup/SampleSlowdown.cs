using System.Diagnostics;
using System.Globalization;

namespace Aurora.Cli.Startup;

/// <summary>
/// TEST-ONLY. <c>AURORA_SAMPLE_SLOWDOWN="&lt;phase&gt;:&lt;percent&gt;[,…]"</c> (e.g. <c>config:20</c>) makes a phase take
/// that much longer, for the benchmark tool's guard-quality experiment (does a guard catch a real 20 % regression?).
/// The extra time is real CPU work proportional to the phase's own measured duration — a spin on a
/// <see cref="Stopwatch"/>, not a sleep — so it looks to every tool like the phase's code got slower.
/// Unset (the default), it costs one environment read.
/// </summary>
internal sealed class SampleSlowdown
{
    public const string Variable = "AURORA_SAMPLE_SLOWDOWN";
    private const int MaxPercent = 10_000;
    private readonly Dictionary<string, int> _percentByPhase;

    private SampleSlowdown(Dictionary<string, int> percentByPhase) => _percentByPhase = percentByPhase;

    public static SampleSlowdown None { get; } = new([]);

    public static SampleSlowdown FromEnvironment(CliOutput output)
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        return string.IsNullOrWhiteSpace(text) ? None : Parse(text, output);
    }

    public static SampleSlowdown Parse(string text, CliOutput output)
    {
        var percentByPhase = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0
                && int.TryParse(entry.AsSpan(colon + 1).TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var percent)
                && percent <= MaxPercent)
            {
                percentByPhase[entry[..colon].Trim()] = percent;
            }
            else
            {
                output.Warning($"{Variable}: '{entry}' is not '<phase>:<percent>' (percent 0-{MaxPercent}); ignored");
            }
        }

        if (percentByPhase.Count > 0)
        {
            output.Note($"{Variable} is set: test-only slowdown of {string.Join(", ", percentByPhase.Select(p => $"{p.Key} +{p.Value}%"))}");
        }

        return new SampleSlowdown(percentByPhase);
    }

    /// <summary>
    /// Call at the end of a phase's work with the <see cref="Stopwatch.GetTimestamp"/> taken at its start: spins for
    /// the configured percentage of the time since then.
    /// </summary>
    public void Extend(string phase, long startedTimestamp)
    {
        if (_percentByPhase.Count == 0 || !_percentByPhase.TryGetValue(phase, out var percent) || percent == 0)
        {
            return;
        }

        var extraTicks = (Stopwatch.GetTimestamp() - startedTimestamp) * percent / 100;
        var until = Stopwatch.GetTimestamp() + extraTicks;
        var spins = 0UL;
        while (Stopwatch.GetTimestamp() < until)
        {
            spins++;
        }

        GC.KeepAlive(spins);
    }
}
