using System.Diagnostics;

namespace Aurora.Instrumentation.Timeline;

/// <summary>
/// Reads W3C <c>TRACEPARENT</c>/<c>TRACESTATE</c> from the environment so a CI job or a parent process can make this
/// run's startup a child of its own trace, both held to the W3C Trace Context rules (<see cref="TraceParentText"/>,
/// <see cref="TraceStateText"/>). A bad <c>TRACESTATE</c> never costs the parent: the trace still joins a valid
/// <c>TRACEPARENT</c>, without the state or with what the limits keep, and one warning says so.
/// </summary>
internal static class EnvironmentTraceParent
{
    public const string TraceParentVariable = "TRACEPARENT";
    public const string TraceStateVariable = "TRACESTATE";

    /// <summary>The remote parent from the environment, or <c>null</c> (no <c>TRACEPARENT</c>, or a malformed one: one warning).</summary>
    public static ActivityContext? Read(Func<string, string?> getVariable, IStartupMessageSink messages)
    {
        var traceParent = getVariable(TraceParentVariable);
        if (string.IsNullOrWhiteSpace(traceParent))
        {
            return null;
        }

        var problem = TraceParentText.Check(traceParent.Trim(), out var version00);
        if (problem is not null || !ActivityContext.TryParse(version00, null, isRemote: true, out var context))
        {
            messages.Write(new StartupMessage(StartupMessageLevel.Warning, "ignoring malformed " + TraceParentVariable + ": " + (problem ?? "it is not 00-<32 hex>-<16 hex>-<2 hex>") + "; the startup trace starts a new trace"));
            return null;
        }

        var traceState = getVariable(TraceStateVariable);
        return string.IsNullOrWhiteSpace(traceState) ? context : WithCheckedState(context, traceState.Trim(), TraceStateVariable, messages);
    }

    /// <summary><paramref name="context"/> with <paramref name="traceState"/> held to the W3C limits; one warning naming <paramref name="source"/> when it had to change.</summary>
    public static ActivityContext WithCheckedState(ActivityContext context, string? traceState, string source, IStartupMessageSink messages)
    {
        if (string.IsNullOrEmpty(traceState))
        {
            return context;
        }

        var kept = TraceStateText.Check(traceState, out var problem);
        if (problem is not null)
        {
            messages.Write(new StartupMessage(StartupMessageLevel.Warning, source + " is not a valid W3C trace state: " + problem + "; the startup trace joins " + TraceParentVariable + (kept is null ? " without it" : " with what is kept")));
        }

        return string.Equals(kept, context.TraceState, StringComparison.Ordinal)
            ? context
            : new ActivityContext(context.TraceId, context.SpanId, context.TraceFlags, kept, context.IsRemote);
    }
}
