namespace Aurora.Instrumentation.Lazy.Internal;

/// <summary>
/// Marks the execution context in which a lazy's factory runs, so that the factory (or work it starts and then waits
/// for) asking for the lazy's own value is reported instead of waiting forever.
/// </summary>
/// <remarks>
/// The mark is a reference set back to <c>null</c> on exit, not a <c>bool</c> set back to <c>false</c>: an
/// <see cref="AsyncLocal{T}"/> value of <c>null</c> removes the entry from the execution context, whereas <c>false</c>
/// would stay in the synchronous caller's context for good, one entry per lazy ever created.
/// </remarks>
internal sealed class FactoryExecutionMark
{
    private static readonly object Inside = new();
    private readonly AsyncLocal<object?> _mark = new();

    public bool IsInside => _mark.Value is not null;

    public void Enter() => _mark.Value = Inside;

    public void Exit() => _mark.Value = null;
}
