using System.Collections.Concurrent;

namespace Aurora.Instrumentation.Tests.Lazy.Support;

/// <summary>
/// A UI-style synchronisation context: one dedicated thread runs every posted continuation. Code that blocks that thread
/// while something it waits for needs the thread deadlocks, which is what the deadlock tests look for (with a hang guard).
/// </summary>
internal sealed class SingleThreadSynchronizationContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

    public int ThreadId { get; private set; }

    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _queue.Add((d, state));
        }
        catch (InvalidOperationException)
        {
            // The pump has finished; nothing is left to run it.
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

    /// <summary>Runs <paramref name="body"/> on a new pump thread under this context until its task completes.</summary>
    public static Task<T> Run<T>(Func<SingleThreadSynchronizationContext, Task<T>> body)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var context = new SingleThreadSynchronizationContext { ThreadId = Environment.CurrentManagedThreadId };
            SetSynchronizationContext(context);
            Task<T> task;
            try
            {
                task = body(context);
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
                return;
            }

            task.ContinueWith(_ => context._queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (var (callback, state) in context._queue.GetConsumingEnumerable())
            {
                callback(state);
            }

            if (task.IsFaulted)
            {
                done.TrySetException(task.Exception!.InnerExceptions);
            }
            else if (task.IsCanceled)
            {
                done.TrySetCanceled();
            }
            else
            {
                done.TrySetResult(task.Result);
            }
        })
        {
            IsBackground = true,
            Name = "sync-context pump",
        };
        thread.Start();
        return done.Task;
    }
}
