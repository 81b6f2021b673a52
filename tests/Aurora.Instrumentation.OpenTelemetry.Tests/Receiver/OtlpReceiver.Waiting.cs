namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

// Signalled waits: each WaitFor call registers a condition that is re-evaluated whenever a request is recorded.
public sealed partial class OtlpReceiver
{
    /// <summary>Completes with all spans once at least <paramref name="count"/> have been acknowledged.</summary>
    /// <exception cref="TimeoutException">Not enough spans within <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>).</exception>
    public Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(int count, TimeSpan? timeout = null) =>
        WaitForSpansAsync(spans => spans.Count >= count, timeout, $"{count} span(s)");

    /// <summary>Completes with all spans once <paramref name="condition"/> holds for them (evaluated on every change).</summary>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(
        Func<IReadOnlyList<ReceivedSpan>, bool> condition, TimeSpan? timeout = null, string? description = null) =>
        WaitAsync(_spans, condition, timeout, description ?? "spans matching the condition");

    /// <summary>Completes with the first acknowledged span that matches <paramref name="match"/>.</summary>
    /// <exception cref="TimeoutException">No such span within <paramref name="timeout"/>.</exception>
    public async Task<ReceivedSpan> WaitForSpanAsync(Func<ReceivedSpan, bool> match, TimeSpan? timeout = null, string? description = null)
    {
        var spans = await WaitForSpansAsync(s => s.Any(match), timeout, description ?? "a span matching the condition").ConfigureAwait(false);
        return spans.First(match);
    }

    /// <summary>Completes with all metrics once at least <paramref name="count"/> have been acknowledged.</summary>
    /// <exception cref="TimeoutException">Not enough metrics within <paramref name="timeout"/>.</exception>
    public Task<IReadOnlyList<ReceivedMetric>> WaitForMetricsAsync(int count, TimeSpan? timeout = null) =>
        WaitForMetricsAsync(metrics => metrics.Count >= count, timeout, $"{count} metric(s)");

    /// <summary>Completes with all metrics once <paramref name="condition"/> holds for them.</summary>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public Task<IReadOnlyList<ReceivedMetric>> WaitForMetricsAsync(
        Func<IReadOnlyList<ReceivedMetric>, bool> condition, TimeSpan? timeout = null, string? description = null) =>
        WaitAsync(_metrics, condition, timeout, description ?? "metrics matching the condition");

    /// <summary>Completes with the first acknowledged metric named <paramref name="name"/>.</summary>
    /// <exception cref="TimeoutException">No such metric within <paramref name="timeout"/>.</exception>
    public async Task<ReceivedMetric> WaitForMetricAsync(string name, TimeSpan? timeout = null)
    {
        var metrics = await WaitForMetricsAsync(m => m.Any(x => x.Name == name), timeout, $"metric '{name}'").ConfigureAwait(false);
        return metrics.First(m => m.Name == name);
    }

    /// <summary>Completes with all requests once at least <paramref name="count"/> were seen (any outcome).</summary>
    /// <exception cref="TimeoutException">Not enough requests within <paramref name="timeout"/>.</exception>
    public Task<IReadOnlyList<ReceivedRequest>> WaitForRequestsAsync(int count, TimeSpan? timeout = null) =>
        WaitForRequestsAsync(requests => requests.Count >= count, timeout, $"{count} request(s)");

    /// <summary>
    /// Completes with all requests once <paramref name="condition"/> holds (e.g. "a request is being held" in Hang mode:
    /// a request is listed as <see cref="ReceivedRequestOutcome.Hung"/> as soon as it is held).
    /// </summary>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public Task<IReadOnlyList<ReceivedRequest>> WaitForRequestsAsync(
        Func<IReadOnlyList<ReceivedRequest>, bool> condition, TimeSpan? timeout = null, string? description = null) =>
        WaitAsync(_requests, condition, timeout, description ?? "requests matching the condition");

    private void SignalWaitersLocked()
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].TryComplete())
            {
                _waiters.RemoveAt(i);
            }
        }
    }

    private async Task<IReadOnlyList<T>> WaitAsync<T>(
        List<T> source, Func<IReadOnlyList<T>, bool> condition, TimeSpan? timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        var waiter = new Waiter(() =>
        {
            T[] snapshot = [.. source];
            return condition(snapshot) ? snapshot : null;
        });
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!waiter.TryComplete())
            {
                _waiters.Add(waiter);
            }
        }

        try
        {
            return (IReadOnlyList<T>)await waiter.Done.Task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }

            throw new TimeoutException($"OTLP receiver: no {what} within {limit.TotalSeconds:0.###} s. {Describe()}");
        }
    }

    // A pending WaitFor call: re-evaluated under the lock on every recorded request.
    private sealed class Waiter(Func<object?> evaluate)
    {
        public TaskCompletionSource<object> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TryComplete()
        {
            try
            {
                if (evaluate() is { } result)
                {
                    Done.TrySetResult(result);
                    return true;
                }

                return false;
            }
            catch (Exception ex)
            {
                Done.TrySetException(ex);
                return true;
            }
        }
    }
}
