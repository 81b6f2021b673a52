using Aurora.Instrumentation.Internal;
using Aurora.Instrumentation.OpenTelemetry.Protocol;
using Aurora.Instrumentation.Telemetry;
using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation.OpenTelemetry.Metrics;

/// <summary>
/// The one rule that turns finished startup spans into the contract's measurements: the root gives
/// <c>aurora.startup.duration</c> (command, completed), each phase <c>aurora.startup.phase.duration</c> (command,
/// phase) and, when a caller waited for it, <c>aurora.startup.lazy.wait</c> (phase); every
/// <c>aurora.budget.overrun</c> event counts one <c>aurora.startup.budget.overruns</c> (command, phase, level). Every
/// span counts, sampled or not: sampling thins the traces, never the metrics. (Attribute arrays are written as arrays:
/// a collection expression for a read-only list is a generic wrapper the JIT compiles on the exiting thread.)
/// </summary>
internal static class StartupMeasurements
{
    /// <summary>Adds the measurements of <paramref name="span"/>, a span of a run of <paramref name="command"/> that started at <paramref name="runStartUtcTicks"/>.</summary>
    public static void Add(List<StartupMeasurement> into, StartupSpanData span, string command, long runStartUtcTicks)
    {
        var start = OtlpTraceSerializer.ToUnixNanoseconds(runStartUtcTicks);
        var end = OtlpTraceSerializer.ToUnixNanoseconds(span.EndUtcTicks);
        if (span.IsRoot)
        {
            var completed = span.GetAttribute(StartupAttributes.Completed) is true;
            into.Add(new(StartupInstrument.Duration, span.Duration.TotalSeconds, start, end, new KeyValuePair<string, object>[]
            {
                new(StartupAttributes.Command, command),
                new(StartupAttributes.Completed, BoxedValues.Of(completed)),
            }));
        }
        else if (span.GetAttribute(StartupAttributes.Phase) is string phase)
        {
            into.Add(new(StartupInstrument.PhaseDuration, span.Duration.TotalSeconds, start, end, new KeyValuePair<string, object>[]
            {
                new(StartupAttributes.Command, command),
                new(StartupAttributes.Phase, phase),
            }));
            if (span.GetAttribute(StartupAttributes.LazyWaitMs) is double waitMs)
            {
                into.Add(new(StartupInstrument.LazyWait, waitMs / 1000.0, start, end, new KeyValuePair<string, object>[] { new(StartupAttributes.Phase, phase) }));
            }
        }

        if (span.Events is not { } events)
        {
            return;
        }

        foreach (var overrun in events)
        {
            if (overrun.Name != StartupAttributes.BudgetOverrunEvent)
            {
                continue;
            }

            string? phase = null;
            string? level = null;
            foreach (var tag in overrun.Attributes)
            {
                if (tag.Key == StartupAttributes.Phase)
                {
                    phase = tag.Value as string;
                }
                else if (tag.Key == StartupAttributes.BudgetLevel)
                {
                    level = tag.Value as string;
                }
            }

            into.Add(new(StartupInstrument.BudgetOverruns, 1, start, OtlpTraceSerializer.ToUnixNanoseconds(overrun.UtcTicks), new KeyValuePair<string, object>[]
            {
                new(StartupAttributes.Command, command),
                new(StartupAttributes.Phase, phase ?? "unknown"),
                new(StartupAttributes.BudgetLevel, level ?? "warn"),
            }));
        }
    }
}
