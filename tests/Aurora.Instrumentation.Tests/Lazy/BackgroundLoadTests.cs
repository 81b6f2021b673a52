using System.Runtime.CompilerServices;
using Aurora.Instrumentation.Tests.Lazy.Support;

namespace Aurora.Instrumentation.Tests.Lazy;

public sealed class BackgroundLoadTests
{
    private static readonly TimeSpan Hang = LazyTestTimeline.Hang;

    [Fact]
    public void Start_returns_at_once_and_never_runs_the_factory_synchronous_prefix_on_the_calling_thread()
    {
        var callerThread = Environment.CurrentManagedThreadId;
        var factoryThread = 0;
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();

        // A factory whose synchronous prefix blocks: run inline, Start could not return before release is set.
        using var load = BackgroundLoad.Start<int>(ct =>
        {
            factoryThread = Environment.CurrentManagedThreadId;
            entered.Set();
            release.Wait(Hang, ct);
            return Task.FromResult(1);
        });

        Assert.False(load.IsCompleted);
        Assert.True(entered.Wait(Hang));
        Assert.NotEqual(callerThread, factoryThread);
        release.Set();
        Assert.Equal(1, load.GetValueBlocking());
    }

    [Fact]
    public void The_synchronous_overload_also_runs_on_the_thread_pool()
    {
        var callerThread = Environment.CurrentManagedThreadId;
        using var release = new ManualResetEventSlim();
        using var load = BackgroundLoad.Start(ct =>
        {
            release.Wait(Hang, ct);
            return Environment.CurrentManagedThreadId;
        });

        Assert.False(load.IsCompleted);
        release.Set();
        Assert.NotEqual(callerThread, load.GetValueBlocking());
    }

    [Fact]
    public async Task Sixty_four_concurrent_callers_share_one_run_of_the_factory()
    {
        var runs = 0;
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var load = BackgroundLoad.Start(async _ =>
        {
            Interlocked.Increment(ref runs);
            return await gate.Task;
        });

        using var barrier = new Barrier(64);
        var callers = Enumerable.Range(0, 64).Select(i => Task.Factory.StartNew(
            () =>
            {
                barrier.SignalAndWait(Hang);
                return i % 2 == 0 ? load.GetValueAsync() : Task.FromResult(load.GetValueBlocking());
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap()).ToArray();

        gate.SetResult("model");
        var values = await Task.WhenAll(callers).WaitAsync(Hang);

        Assert.All(values, v => Assert.Equal("model", v));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_failure_reaches_every_caller_as_the_original_exception_with_its_stack()
    {
        using var load = BackgroundLoad.Start<int>(_ => LoadModelThatFails());

        var awaited = await Assert.ThrowsAsync<ModelLoadException>(() => load.GetValueAsync().WaitAsync(Hang));
        var blocked = Assert.Throws<ModelLoadException>(() => load.GetValueBlocking());
        var awaitedAgain = await Assert.ThrowsAsync<ModelLoadException>(() => load.GetValueAsync());

        Assert.Same(awaited, blocked);
        Assert.Same(awaited, awaitedAgain);
        Assert.Contains(nameof(LoadModelThatFails), awaited.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_one_callers_wait_does_not_cancel_the_load()
    {
        var entered = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var load = BackgroundLoad.Start(async ct =>
        {
            entered.SetResult(ct);
            return await gate.Task;
        });
        var factoryToken = await entered.Task.WaitAsync(Hang);

        using var impatient = new CancellationTokenSource();
        var cancelledWait = load.GetValueAsync(impatient.Token);
        var blockedWait = Task.Run(() => load.GetValueBlocking(impatient.Token));
        var patientWait = load.GetValueAsync();
        impatient.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelledWait.WaitAsync(Hang));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blockedWait.WaitAsync(Hang));
        Assert.False(factoryToken.IsCancellationRequested);
        Assert.False(patientWait.IsCompleted);

        gate.SetResult(7);
        Assert.Equal(7, await patientWait.WaitAsync(Hang));
    }

    [Fact]
    public async Task Dispose_cancels_the_factory_token_and_waiters_see_the_cancellation()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var load = BackgroundLoad.Start(async ct =>
        {
            entered.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return 1;
        });
        await entered.Task.WaitAsync(Hang);
        var waiting = load.GetValueAsync();

        load.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Hang));
        Assert.Throws<ObjectDisposedException>(() => { _ = load.GetValueAsync(); });
        Assert.Throws<ObjectDisposedException>(() => load.GetValueBlocking());
    }

    [Fact]
    public async Task Dispose_disposes_a_loaded_disposable_value()
    {
        var value = new DisposableValue();
        var load = BackgroundLoad.Start(_ => value);
        Assert.Same(value, await load.GetValueAsync().WaitAsync(Hang));

        load.Dispose();
        load.Dispose();

        Assert.Equal(1, value.Disposals);
    }

    [Fact]
    public async Task DisposeAsync_disposes_an_async_disposable_value()
    {
        var value = new AsyncDisposableValue();
        var load = BackgroundLoad.Start(_ => value);
        await load.GetValueAsync().WaitAsync(Hang);

        await load.DisposeAsync();

        Assert.Equal(1, value.Disposals);
    }

    [Fact]
    public async Task A_value_that_arrives_after_Dispose_is_disposed_and_given_to_nobody()
    {
        var value = new DisposableValue();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The factory ignores its token, as a model loader stuck in native code would.
        var load = BackgroundLoad.Start(async _ =>
        {
            await gate.Task;
            return value;
        });
        var waiting = load.GetValueAsync();
        load.Dispose();
        gate.SetResult();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(Hang));
        Assert.Equal(1, value.Disposals);
    }

    [Fact]
    public async Task A_factory_asking_for_its_own_value_gets_an_InvalidOperationException_not_a_hang()
    {
        var self = new TaskCompletionSource<BackgroundLoad<int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var load = BackgroundLoad.Start(async ct =>
        {
            var me = await self.Task;
            return await me.GetValueAsync(ct) + 1;
        });
        self.SetResult(load);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => load.GetValueAsync().WaitAsync(Hang));
        Assert.Contains("its own value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_factory_blocking_on_its_own_value_from_work_it_started_is_detected_too()
    {
        var self = new TaskCompletionSource<BackgroundLoad<int>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var load = BackgroundLoad.Start(async ct =>
        {
            var me = await self.Task;
            return await Task.Run(() => me.GetValueBlocking(ct), ct);
        });
        self.SetResult(load);

        await Assert.ThrowsAsync<InvalidOperationException>(() => load.GetValueAsync().WaitAsync(Hang));
    }

    [Fact]
    public async Task Blocking_and_awaiting_on_a_single_threaded_synchronization_context_do_not_deadlock()
    {
        var result = await SingleThreadSynchronizationContext.Run(async context =>
        {
            // Started on the pump: a factory whose continuations wanted the pump would deadlock against the blocking calls below.
            using var first = BackgroundLoad.Start(async ct =>
            {
                await Task.Yield();
                await Task.Delay(1, ct);
                return 20;
            });
            var blocked = first.GetValueBlocking();

            using var second = BackgroundLoad.Start(async _ =>
            {
                await Task.Yield();
                return 21;
            });
            var syncOverAsync = second.GetValueAsync().GetAwaiter().GetResult();

            using var third = BackgroundLoad.Start(async _ =>
            {
                await Task.Yield();
                return 1;
            });
            var awaited = await third.GetValueAsync();
            Assert.Equal(context.ThreadId, Environment.CurrentManagedThreadId);
            return blocked + syncOverAsync + awaited;
        }).WaitAsync(Hang);

        Assert.Equal(42, result);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<int> LoadModelThatFails() => throw new ModelLoadException();

    private sealed class ModelLoadException : Exception
    {
        public ModelLoadException()
            : base("model file missing")
        {
        }
    }
}
