using Microsoft.Extensions.Time.Testing;

namespace Aurora.Instrumentation.Tests.Budgets;

/// <summary>
/// A <see cref="FakeTimeProvider"/> whose timers can be switched off (a busy thread pool that never ran the live
/// check), and which counts the timers created (the checker must share one).
/// </summary>
internal sealed class TimerControlledClock(FakeTimeProvider inner, bool timersRun) : TimeProvider
{
    private int _timersCreated;
    private (TimerCallback Callback, object? State)? _dormant;

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timersCreated);
        if (timersRun)
        {
            return inner.CreateTimer(callback, state, dueTime, period);
        }

        _dormant = (callback, state);
        return new DormantTimer();
    }

    /// <summary>Runs the callback of the (dormant) timer now, on the calling thread, as a starved thread pool finally would.</summary>
    public void FireDormantTimer()
    {
        if (_dormant is { } timer)
        {
            timer.Callback(timer.State);
        }
    }

    private sealed class DormantTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
