namespace Aurora.Instrumentation.Internal;

/// <summary>How a libc-backed operation ended: done, failed with a problem, or not possible here (use the managed fallback).</summary>
internal enum NativeOutcome
{
    Done,
    Failed,
    Unavailable,
}
