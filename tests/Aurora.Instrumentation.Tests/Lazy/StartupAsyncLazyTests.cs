using Aurora.Instrumentation.Tests.Lazy.Support;

namespace Aurora.Instrumentation.Tests.Lazy;

public sealed class StartupAsyncLazyTests
{
    private static readonly TimeSpan Hang = LazyTestTimeline.Hang;

    [Fact]
    public async Task Nothing_runs_until_the_first_call()
    {
        var runs = 0;
        using var store = new StartupAsyncLazy<int>(_ => Task.FromResult(Interlocked.Increment(ref runs)));
        Assert.Equal(0, runs);
        Assert.False(store.IsValueCreated);

        Assert.Equal(1, await store.GetValueAsync().WaitAsync(Hang));
        Assert.Equal(1, await store.GetValueAsync());
        Assert.True(store.IsValueCreated);
    }

    [Fact]
    public void The_factory_runs_on_the_thread_pool_not_on_the_first_callers_thread()
    {
        var callerThread = Environment.CurrentManagedThreadId;
        using var store = new StartupAsyncLazy<int>(_ => Task.FromResult(Environment.CurrentManagedThreadId));
        Assert.NotEqual(callerThread, store.GetValueBlocking());
    }

    [Fact]
    public async Task Sixty_four_concurrent_first_callers_run_the_factory_exactly_once()
    {
        var runs = 0;
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var store = new StartupAsyncLazy<string>(async _ =>
        {
            Interlocked.Increment(ref runs);
            return await gate.Task;
        });

        using var barrier = new Barrier(64);
        using var arrived = new CountdownEvent(64);
        var callers = Enumerable.Range(0, 64).Select(i => Task.Factory.StartNew(
            () =>
            {
                barrier.SignalAndWait(Hang);
                arrived.Signal();
                return i % 2 == 0 ? store.GetValueAsync() : Task.FromResult(store.GetValueBlocking());
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()).ToArray();

        Assert.True(arrived.Wait(Hang));
        gate.SetResult("store");
        var values = await Task.WhenAll(callers).WaitAsync(Hang);

        Assert.All(values, v => Assert.Equal("store", v));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task Without_retry_a_failure_is_kept_and_every_caller_gets_the_same_exception()
    {
        var runs = 0;
        using var store = new StartupAsyncLazy<int>(async _ =>
        {
            Interlocked.Increment(ref runs);
            await Task.Yield();
            throw new IOException("database is locked");
        });

        var first = await Assert.ThrowsAsync<IOException>(() => store.GetValueAsync().WaitAsync(Hang));
        var second = await Assert.ThrowsAsync<IOException>(() => store.GetValueAsync());
        var blocked = Assert.Throws<IOException>(() => store.GetValueBlocking());

        Assert.Same(first, second);
        Assert.Same(first, blocked);
        Assert.Equal(1, runs);
        Assert.False(store.IsValueCreated);
    }

    [Fact]
    public async Task With_retry_callers_of_the_failed_run_share_its_failure_and_a_later_call_runs_the_factory_again()
    {
        var runs = 0;
        var firstRunGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var store = new StartupAsyncLazy<string>(
            async _ =>
            {
                if (Interlocked.Increment(ref runs) == 1)
                {
                    await firstRunGate.Task;
                    throw new IOException("database is locked");
                }

                return "opened";
            },
            new StartupLazyOptions { RetryOnFailure = true });

        var a = store.GetValueAsync();
        var b = store.GetValueAsync();
        firstRunGate.SetResult();

        var errorA = await Assert.ThrowsAsync<IOException>(() => a.WaitAsync(Hang));
        var errorB = await Assert.ThrowsAsync<IOException>(() => b.WaitAsync(Hang));
        Assert.Same(errorA, errorB);
        Assert.Equal(1, runs);

        Assert.Equal("opened", await store.GetValueAsync().WaitAsync(Hang));
        Assert.Equal("opened", await store.GetValueAsync());
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task Cancelling_the_first_callers_wait_does_not_cancel_the_shared_work()
    {
        var entered = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var store = new StartupAsyncLazy<int>(async ct =>
        {
            entered.SetResult(ct);
            return await gate.Task;
        });

        using var firstCaller = new CancellationTokenSource();
        var cancelled = store.GetValueAsync(firstCaller.Token);
        var factoryToken = await entered.Task.WaitAsync(Hang);
        firstCaller.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Hang));
        Assert.False(factoryToken.IsCancellationRequested);

        var later = store.GetValueAsync();
        gate.SetResult(5);
        Assert.Equal(5, await later.WaitAsync(Hang));
    }

    [Fact]
    public async Task An_already_cancelled_token_cancels_only_that_wait()
    {
        // The factory is held until the cancelled wait has given up: a value that is already there would (rightly) be returned.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var store = new StartupAsyncLazy<int>(async _ =>
        {
            await gate.Task;
            return 3;
        });
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.GetValueAsync(cancelled.Token));
        gate.SetResult();
        Assert.Equal(3, await store.GetValueAsync().WaitAsync(Hang));
    }

    [Fact]
    public async Task Dispose_cancels_the_factory_token_and_disposes_a_created_value()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new StartupAsyncLazy<int>(async ct =>
        {
            entered.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return 1;
        });
        var waiting = running.GetValueAsync();
        await entered.Task.WaitAsync(Hang);
        running.Dispose();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Hang));
        Assert.Throws<ObjectDisposedException>(() => { _ = running.GetValueAsync(); });

        var value = new DisposableValue();
        var created = new StartupAsyncLazy<DisposableValue>(_ => Task.FromResult(value));
        await created.GetValueAsync().WaitAsync(Hang);
        await created.DisposeAsync();
        created.Dispose();
        Assert.Equal(1, value.Disposals);
    }

    [Fact]
    public async Task A_factory_asking_for_its_own_value_gets_an_InvalidOperationException()
    {
        StartupAsyncLazy<int>? store = null;
        store = new StartupAsyncLazy<int>(async ct => await store!.GetValueAsync(ct) + 1);
        using (store)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetValueAsync().WaitAsync(Hang));
        }

        StartupAsyncLazy<int>? blocking = null;
        blocking = new StartupAsyncLazy<int>(ct => Task.FromResult(blocking!.GetValueBlocking(ct) + 1));
        using (blocking)
        {
            Assert.Throws<InvalidOperationException>(() => blocking.GetValueBlocking());
        }
    }

    [Fact]
    public async Task Started_blocked_on_and_awaited_from_a_single_threaded_synchronization_context_without_deadlock()
    {
        var result = await SingleThreadSynchronizationContext.Run(async context =>
        {
            // The first access happens on the pump; a factory run inline would post its continuation to the blocked pump.
            using var blocked = new StartupAsyncLazy<int>(async ct =>
            {
                await Task.Yield();
                await Task.Delay(1, ct);
                return 20;
            });
            var a = blocked.GetValueBlocking();

            using var syncOverAsync = new StartupAsyncLazy<int>(async _ =>
            {
                await Task.Yield();
                return 21;
            });
            var b = syncOverAsync.GetValueAsync().GetAwaiter().GetResult();

            using var awaited = new StartupAsyncLazy<int>(async _ =>
            {
                await Task.Yield();
                return 1;
            });
            var c = await awaited.GetValueAsync();
            Assert.Equal(context.ThreadId, Environment.CurrentManagedThreadId);
            return a + b + c;
        }).WaitAsync(Hang);

        Assert.Equal(42, result);
    }
}
