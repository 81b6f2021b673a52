using System.Diagnostics;
using System.Globalization;
using Aurora.Instrumentation;

namespace Aurora.Cli.Startup;

/// <summary>
/// TEST-ONLY. <c>AURORA_SAMPLE_SLOWDOWN="&lt;phase&gt;:&lt;percent&gt;[,…]"</c> (e.g. <c>config:20</c>) makes a phase take
/// that much longer, for the benchmark tool's guard-quality experiment (does a guard catch a real 20 % regression?).
/// The extra time is real CPU work — a spin on a <see cref="Stopwatch"/>, not a sleep — proportional to the phase's
/// duration so far as the timeline measures it (the lazy's own work and first-use JIT before the phase's code
/// included), so it looks to every tool like the phase's code got slower. What follows the spin (returning through
/// the lazy to the caller) is not scaled, so the effective slowdown is a little smaller than asked: a requested 20 %
/// measured ×1.185 (median over 20 trials, 2026-11-26). A phase named with 0 % does the same measuring without the
/// spin, so both sides of a comparison run the same code.
/// Unset (the default), it costs one environment read.
/// </summary>
internal sealed class SampleSlowdown
{
    public const string Variable = "AURORA_SAMPLE_SLOWDOWN";
    private const int MaxPercent = 10_000;
    private readonly Dictionary<string, int> _percentByPhase;
    private readonly StartupTimeline? _timeline;

    private SampleSlowdown(Dictionary<string, int> percentByPhase, StartupTimeline? timeline)
    {
        _percentByPhase = percentByPhase;
        _timeline = timeline;
    }

    public static SampleSlowdown None { get; } = new([], timeline: null);

    public static SampleSlowdown FromEnvironment(CliOutput output, StartupTimeline timeline)
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        return string.IsNullOrWhiteSpace(text) ? None : Parse(text, output, timeline);
    }

    private static SampleSlowdown Parse(string text, CliOutput output, StartupTimeline timeline)
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

        return new SampleSlowdown(percentByPhase, timeline);
    }

    /// <summary>
    /// Call at the end of a phase's work with the <see cref="Stopwatch.GetTimestamp"/> taken at the start of that work:
    /// spins for the configured percentage of the phase's duration so far — from the timeline's own record of the open
    /// phase when it has one, else from <paramref name="startedTimestamp"/>.
    /// </summary>
    public void Extend(string phase, long startedTimestamp)
    {
        if (_percentByPhase.Count == 0 || !_percentByPhase.TryGetValue(phase, out var percent))
        {
            return;
        }

        var elapsedTicks = PhaseElapsedTicks(phase) ?? (Stopwatch.GetTimestamp() - startedTimestamp);
        if (percent == 0)
        {
            return;
        }

        var until = Stopwatch.GetTimestamp() + (elapsedTicks * percent / 100);
        var spins = 0UL;
        while (Stopwatch.GetTimestamp() < until)
        {
            spins++;
        }

        GC.KeepAlive(spins);
    }

    /// <summary>How long the timeline's open phase named <paramref name="phase"/> has run, in Stopwatch ticks.</summary>
    private long? PhaseElapsedTicks(string phase)
    {
        var open = _timeline?.CreateReport().Phases.LastOrDefault(p => p.Name == phase && !p.Completed);
        return open is null ? null : (long)(open.DurationMs * Stopwatch.Frequency / 1000);
    }
}
