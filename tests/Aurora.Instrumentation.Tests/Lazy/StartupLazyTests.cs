using Aurora.Instrumentation.Tests.Lazy.Support;

namespace Aurora.Instrumentation.Tests.Lazy;

public sealed class StartupLazyTests
{
    private static readonly TimeSpan Hang = LazyTestTimeline.Hang;

    [Fact]
    public void The_value_is_created_on_first_use_on_the_callers_thread()
    {
        var callerThread = Environment.CurrentManagedThreadId;
        using var config = new StartupLazy<int>(() => Environment.CurrentManagedThreadId);
        Assert.False(config.IsValueCreated);

        Assert.Equal(callerThread, config.Value);
        Assert.True(config.IsValueCreated);
    }

    [Fact]
    public async Task Sixty_four_threads_released_together_run_the_factory_exactly_once()
    {
        var runs = 0;
        using var config = new StartupLazy<object>(() =>
        {
            Interlocked.Increment(ref runs);
            Thread.Yield();
            return new object();
        });

        using var barrier = new Barrier(64);
        var callers = Enumerable.Range(0, 64).Select(_ => Task.Factory.StartNew(
            () =>
            {
                barrier.SignalAndWait(Hang);
                return config.Value;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        var values = await Task.WhenAll(callers).WaitAsync(Hang);

        Assert.Equal(1, runs);
        Assert.All(values, v => Assert.Same(values[0], v));
    }

    [Fact]
    public async Task Without_retry_a_failure_is_kept_and_reaches_concurrent_and_later_callers_as_the_same_exception()
    {
        var runs = 0;
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var config = new StartupLazy<int>(() =>
        {
            Interlocked.Increment(ref runs);
            entered.Set();
            release.Wait(Hang);
            throw new FormatException("aurora.json: line 3");
        });

        var creator = Task.Run(() => config.Value);
        Assert.True(entered.Wait(Hang));
        var concurrent = Task.Run(() => config.Value);
        release.Set();

        var fromCreator = await Assert.ThrowsAsync<FormatException>(() => creator.WaitAsync(Hang));
        var fromConcurrent = await Assert.ThrowsAsync<FormatException>(() => concurrent.WaitAsync(Hang));
        var later = Assert.Throws<FormatException>(() => config.Value);

        Assert.Same(fromCreator, later);
        Assert.Same(fromCreator, fromConcurrent);
        Assert.Equal(1, runs);
    }

    [Fact]
    public void With_retry_the_factory_runs_again_after_a_failure_and_stops_after_a_success()
    {
        var runs = 0;
        using var config = new StartupLazy<int>(
            () => Interlocked.Increment(ref runs) < 3 ? throw new FormatException() : runs,
            new StartupLazyOptions { RetryOnFailure = true });

        Assert.Throws<FormatException>(() => config.Value);
        Assert.Throws<FormatException>(() => config.Value);
        Assert.Equal(3, config.Value);
        Assert.Equal(3, config.Value);
        Assert.Equal(3, runs);
    }

    [Fact]
    public void A_factory_asking_for_its_own_value_gets_an_InvalidOperationException_not_a_hang()
    {
        StartupLazy<int>? config = null;
        config = new StartupLazy<int>(() => config!.Value + 1);
        using (config)
        {
            var error = Assert.Throws<InvalidOperationException>(() => config.Value);
            Assert.Contains("its own value", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_factory_waiting_on_another_thread_that_asks_for_the_value_is_detected_too()
    {
        StartupLazy<int>? config = null;
        config = new StartupLazy<int>(() => Task.Run(() => config!.Value).Wait(Hang) ? 1 : 0);
        using (config)
        {
            var error = Assert.Throws<AggregateException>(() => config.Value);
            Assert.IsType<InvalidOperationException>(error.InnerException);
        }
    }

    [Fact]
    public void Dispose_disposes_a_created_value_once_and_later_access_throws()
    {
        var value = new DisposableValue();
        var config = new StartupLazy<DisposableValue>(() => value);
        Assert.Same(value, config.Value);

        config.Dispose();
        config.Dispose();

        Assert.Equal(1, value.Disposals);
        Assert.False(config.IsValueCreated);
        Assert.Throws<ObjectDisposedException>(() => config.Value);
    }

    [Fact]
    public async Task DisposeAsync_disposes_an_async_disposable_value_and_never_creates_one()
    {
        var runs = 0;
        var never = new StartupLazy<AsyncDisposableValue>(() =>
        {
            runs++;
            return new AsyncDisposableValue();
        });
        await never.DisposeAsync();
        Assert.Equal(0, runs);

        var value = new AsyncDisposableValue();
        var created = new StartupLazy<AsyncDisposableValue>(() => value);
        _ = created.Value;
        await created.DisposeAsync();
        Assert.Equal(1, value.Disposals);
    }

    [Fact]
    public void Creating_values_leaves_nothing_behind_in_the_callers_execution_context()
    {
        // Each lazy marks the context its factory runs in. Left behind in the synchronous caller's context, the marks
        // would pile up: every later context change would copy all of them. Allocation per first access must stay flat.
        static long AllocationOf100FirstAccesses()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                using var lazy = new StartupLazy<int>(static () => 1);
                _ = lazy.Value;
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var early = AllocationOf100FirstAccesses();
        for (var i = 0; i < 20; i++)
        {
            AllocationOf100FirstAccesses();
        }

        var late = AllocationOf100FirstAccesses();
        Assert.True(late < early * 2, $"100 first accesses allocated {early} B at first and {late} B after 2,000 more");
    }

    [Fact]
    public async Task A_value_created_after_Dispose_is_disposed_and_the_creator_gets_ObjectDisposedException()
    {
        var value = new DisposableValue();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var config = new StartupLazy<DisposableValue>(() =>
        {
            entered.Set();
            release.Wait(Hang);
            return value;
        });

        var creator = Task.Run(() => config.Value);
        Assert.True(entered.Wait(Hang));
        config.Dispose();
        release.Set();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => creator.WaitAsync(Hang));
        Assert.Equal(1, value.Disposals);
    }
}
