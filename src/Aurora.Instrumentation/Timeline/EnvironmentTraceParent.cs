using System.Diagnostics;

namespace Aurora.Instrumentation.Timeline;

/// <summary>
/// Reads W3C <c>TRACEPARENT</c>/<c>TRACESTATE</c> from the environment so a CI job or a parent process can make
/// this run's startup a child of its own trace.
/// </summary>
internal static class EnvironmentTraceParent
{
    public const string TraceParentVariable = "TRACEPARENT";
    public const string TraceStateVariable = "TRACESTATE";

    /// <summary>Parses the variables; on a malformed value returns <c>false</c> and a message naming it.</summary>
    public static bool TryRead(Func<string, string?> getVariable, out ActivityContext context, out string? problem)
    {
        context = default;
        problem = null;
        var traceParent = getVariable(TraceParentVariable);
        if (string.IsNullOrWhiteSpace(traceParent))
        {
            return false;
        }

        var traceState = getVariable(TraceStateVariable);
        if (ActivityContext.TryParse(traceParent.Trim(), string.IsNullOrWhiteSpace(traceState) ? null : traceState.Trim(), isRemote: true, out context))
        {
            return true;
        }

        problem = $"ignoring malformed {TraceParentVariable} (expected 00-<32 hex>-<16 hex>-<2 hex>); the startup trace starts a new trace";
        return false;
    }
}
