namespace Aurora.Instrumentation.OpenTelemetry.Tests.Support;

/// <summary>
/// Waits for a condition that no receiver signals (a process ended, a state file appeared), checking it every few
/// milliseconds. Bounded: the timeout is a hang guard, never a timing assertion.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(20);

    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        using var guard = new CancellationTokenSource(limit);
        while (!condition())
        {
            try
            {
                await Task.Delay(s_interval, guard.Token);
            }
            catch (OperationCanceledException)
            {
                if (condition())
                {
                    return;
                }

                throw new TimeoutException($"{what}: not within the {limit.TotalSeconds:0} s hang guard");
            }
        }
    }
}
