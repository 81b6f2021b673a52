using Aurora.Instrumentation.OpenTelemetry.Diagnostics;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// <c>AURORA_TELEMETRY=console</c>: the stopped activities and the derived metrics printed by the SDK's console
/// exporters, on the export thread, from shortly after ready. The exit waits at most the flush budget.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The exit must not dispose what the export thread may still be waiting on; the process ends right after.")]
internal sealed class ConsoleExport : IExport
{
    private readonly TelemetryHandoff _handoff;
    private readonly IStartupMessageSink _messages;
    private readonly ManualResetEventSlim _finished = new(false);
    private readonly ExportThread _thread;
    private bool _closing;

    public ConsoleExport(TelemetryHandoff handoff, IStartupMessageSink messages)
    {
        _handoff = handoff;
        _messages = messages;
        _thread = new ExportThread(handoff, _ => Run());
    }

    public void Attach() => _handoff.OnRootStopped(() => StartThread());

    public void Shutdown(TimeSpan budget)
    {
        lock (_handoff.Gate)
        {
            _closing = true;
            Monitor.PulseAll(_handoff.Gate);
        }

        StartThread(); // a run that never got ready still prints what it has
        if (budget > TimeSpan.Zero)
        {
            _finished.Wait(budget);
        }
    }

    private void StartThread() => _thread.Start(warmUpFirst: false);

    private bool Closing() => _closing;

    private void Run()
    {
        SdkPipeline? sdk = null;
        try
        {
            _thread.Settle(Closing);
            sdk = SdkPipeline.TryBuild(_messages);
            if (sdk is not null)
            {
                Loop(sdk);
            }
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException("console export thread", ex);
        }
        finally
        {
            _finished.Set();
        }

        // Only this thread disposes: disposing listeners and providers takes runtime-wide locks.
        try
        {
            _handoff.Dispose();
            sdk?.Dispose();
        }
        catch (Exception ex)
        {
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(ConsoleExport), ex);
        }
    }

    private void Loop(SdkPipeline sdk)
    {
        var gate = _handoff.Gate;
        var metricsDirty = false;
        var rootFlushed = false;
        while (true)
        {
            SpanBatch? batch;
            bool closing;
            bool rootStopped;
            lock (gate)
            {
                while (!_handoff.HasPendingUnderLock && !_closing)
                {
                    Monitor.Wait(gate);
                }

                batch = _handoff.TakeSpansUnderLock();
                closing = _closing;
                rootStopped = _handoff.RootStoppedUnderLock;
            }

            if (batch is not null)
            {
                // Metrics come from every span; only the ones the sampler kept are printed.
                sdk.RecordMetrics(batch.Spans);
                metricsDirty = true;
                if (batch.SampledSpans() is { Count: > 0 } sampled)
                {
                    sdk.Export(sampled);
                }
            }

            if (metricsDirty && ((rootStopped && !rootFlushed) || closing))
            {
                rootFlushed = rootStopped;
                metricsDirty = false;
                sdk.FlushMetrics();
            }

            lock (gate)
            {
                if (_closing && !_handoff.HasPendingUnderLock && !metricsDirty)
                {
                    return;
                }
            }
        }
    }
}
