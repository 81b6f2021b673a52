using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Aurora.Instrumentation.Tests.Lazy;

/// <summary>
/// A failed load nobody awaited must not surface through <see cref="TaskScheduler.UnobservedTaskException"/>. The event is
/// process-wide and other tests run in parallel, so the handler matches the exceptions by identity.
/// </summary>
public sealed class UnobservedFailureTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_faulted_background_load_nobody_awaited_raises_no_UnobservedTaskException()
    {
        var seen = new ConcurrentBag<Exception>();
        void Handler(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            foreach (var inner in e.Exception.Flatten().InnerExceptions)
            {
                seen.Add(inner);
            }
        }

        TaskScheduler.UnobservedTaskException += Handler;
        try
        {
            var control = new ProbeException();
            await FaultAnUnobservedTask(control);
            var loadFailure = new ProbeException();
            await StartAndAbandonFailingLoad(loadFailure);
            var lazyFailure = new ProbeException();
            await StartAndAbandonFailingAsyncLazy(lazyFailure);

            for (var i = 0; i < 3 && !seen.Contains(control); i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            // The control proves the mechanism: an unobserved faulted task was reported in this process.
            Assert.Contains(control, seen);
            Assert.DoesNotContain(loadFailure, seen);
            Assert.DoesNotContain(lazyFailure, seen);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= Handler;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task FaultAnUnobservedTask(Exception failure)
    {
        var task = Task.Run(() => throw failure);
        await Task.WhenAny(task).WaitAsync(Hang);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task StartAndAbandonFailingLoad(Exception failure)
    {
        var load = BackgroundLoad.Start<int>(async _ =>
        {
            await Task.Yield();
            throw failure;
        });

        // WhenAny waits without observing the failure.
        await Task.WhenAny(load.Core.Completion!).WaitAsync(Hang);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task StartAndAbandonFailingAsyncLazy(Exception failure)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new StartupAsyncLazy<int>(async _ =>
        {
            await gate.Task;
            throw failure;
        });

        // The only caller gives up before the failure, so nobody is left to observe it.
        using var cts = new CancellationTokenSource();
        var wait = store.GetValueAsync(cts.Token);
        cts.Cancel();
        await Task.WhenAny(wait).WaitAsync(Hang);
        gate.SetResult();
        await Task.WhenAny(store.Core.Completion!).WaitAsync(Hang);
    }

    private sealed class ProbeException : Exception
    {
        public ProbeException()
            : base("probe")
        {
        }
    }
}
