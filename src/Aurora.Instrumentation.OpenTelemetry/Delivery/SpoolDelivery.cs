using Aurora.Instrumentation.OpenTelemetry.Metrics;
using Aurora.Instrumentation.OpenTelemetry.Otlp;
using Aurora.Instrumentation.OpenTelemetry.Protocol;
using Aurora.Instrumentation.OpenTelemetry.Spool;

namespace Aurora.Instrumentation.OpenTelemetry.Delivery;

/// <summary>
/// Sends what waits in one destination's spool folder, oldest first: each traces file as one request (its spans
/// under the resource this process computes from the same environment), and the metric
/// measurements of up to <see cref="MetricsBatchFiles"/> runs as one request of points with their original times
/// (advancing the installation's <see cref="MetricsState"/> only once the collector confirmed them). Follows the OTLP
/// specification's rules for every answer: a confirmed file is deleted (a <c>partial_success</c> is reported); a
/// permanent refusal moves the file to <c>rejected/</c> and the pass goes on with newer files; a retryable failure
/// puts the file back, records the backoff and ends the pass. The user is told each problem once (a detached sender
/// leaves the message for the next run). The caller holds the destination's <see cref="SenderLock"/>.
/// </summary>
internal sealed class SpoolDelivery : IDisposable
{
    public const int MetricsBatchFiles = 64;

    private readonly SpoolDirectory _spool;
    private readonly OtlpDestination _destination;
    private readonly Func<string, string?> _env;
    private readonly TimeProvider _time;
    private readonly DeliveryStatus _status;
    private readonly Action<string>? _tellNow;
    private readonly HashSet<string> _claims = [];
    private readonly OtlpSender?[] _senders = new OtlpSender?[2];
    private readonly bool[] _sendersTried = new bool[2];
    private IReadOnlyList<KeyValuePair<string, object?>>? _resource;
    private bool _abandoned;

    /// <summary>A retryable failure in this pass: a confirmation from another collector then keeps its backoff.</summary>
    private bool _failedThisPass;

    /// <param name="spool">The destination's folder.</param>
    /// <param name="destination">Where its files go (the folder's key is this destination's).</param>
    /// <param name="env">The environment (the resource of the metrics).</param>
    /// <param name="time">Clock.</param>
    /// <param name="tellNow">In the app's process: prints a problem now; <c>null</c> in a detached sender (the notice waits for the next run).</param>
    public SpoolDelivery(SpoolDirectory spool, OtlpDestination destination, Func<string, string?> env, TimeProvider time, Action<string>? tellNow)
    {
        _spool = spool;
        _destination = destination;
        _env = env;
        _time = time;
        _status = new DeliveryStatus(spool, time);
        _tellNow = tellNow;
    }

    public DeliveryStatus Status => _status;

    /// <summary>One pass over the waiting files; never throws.</summary>
    public DeliveryPass DeliverOnce(DateTimeOffset deadline, CancellationToken cancellation)
    {
        try
        {
            _failedThisPass = false;
            var traces = DeliverTraces(deadline, cancellation);
            if (traces == DeliveryPass.Done)
            {
                return DeliverMetrics(deadline, cancellation);
            }

            // The metrics go on unless time is up or their collector is the one that just failed: with signal-specific
            // endpoints an unreachable traces collector must not hold back metrics another collector takes.
            var sameCollector = _destination.Metrics.Display == _destination.Traces.Display;
            if (cancellation.IsCancellationRequested || _time.GetUtcNow() >= deadline || (traces == DeliveryPass.RetryLater && sameCollector))
            {
                return traces;
            }

            var metrics = DeliverMetrics(deadline, cancellation);
            return metrics == DeliveryPass.Stopped ? metrics : traces;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Diagnostics.AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(DeliverOnce), ex);
            ReleaseClaims();
            return DeliveryPass.Stopped;
        }
    }

    /// <summary>The app is exiting: gives back every file still claimed (a later sender takes them) and stops.</summary>
    public void Abandon()
    {
        lock (_claims)
        {
            _abandoned = true;
        }

        ReleaseClaims();
    }

    public void Dispose()
    {
        foreach (var sender in _senders)
        {
            sender?.Dispose();
        }
    }

    private DeliveryPass DeliverTraces(DateTimeOffset deadline, CancellationToken cancellation)
    {
        foreach (var ready in _spool.ListReady(SpoolFileFormat.TracesKind))
        {
            if (cancellation.IsCancellationRequested || _time.GetUtcNow() >= deadline)
            {
                return DeliveryPass.Stopped;
            }

            var claimed = Claim(ready);
            if (claimed is null)
            {
                continue;
            }

            var payload = _spool.TryReadPayload(claimed, SpoolFileFormat.TracesKind);
            if (payload is null)
            {
                Forget(claimed); // quarantined (or given back when unreadable)
                continue;
            }

            var sender = Sender(OtlpSignal.Traces);
            if (sender is null)
            {
                Release(claimed);
                return DeliveryPass.Stopped;
            }

            // The run spooled the spans as one ScopeSpans body; the resource is the sender's to add.
            var result = sender.Send(OtlpTraceSerializer.WrapRequest(Resource(), payload), deadline - _time.GetUtcNow(), cancellation);
            if (Settle(OtlpSignal.Traces, result, [claimed], 1) is { } pass)
            {
                return pass;
            }
        }

        return DeliveryPass.Done;
    }

    private DeliveryPass DeliverMetrics(DateTimeOffset deadline, CancellationToken cancellation)
    {
        var batch = MetricsBatchFiles;
        var unclaimable = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            if (cancellation.IsCancellationRequested || _time.GetUtcNow() >= deadline)
            {
                return DeliveryPass.Stopped;
            }

            // A file another sender took is gone from the listing; one that stays but cannot be claimed (its rename
            // fails) is left alone for this pass, as the traces are, or the pass would list it again and again.
            var ready = _spool.ListReady(SpoolFileFormat.MeasurementsKind);
            ready.RemoveAll(unclaimable.Contains);
            if (ready.Count == 0)
            {
                return DeliveryPass.Done;
            }

            var claimed = new List<string>();
            var runs = new List<IReadOnlyList<StartupMeasurement>>();
            foreach (var file in ready.Take(batch))
            {
                if (Claim(file) is not { } claim)
                {
                    unclaimable.Add(file);
                    continue;
                }

                var payload = _spool.TryReadPayload(claim, SpoolFileFormat.MeasurementsKind);
                if (payload is null)
                {
                    Forget(claim);
                    continue;
                }

                if (!MeasurementCodec.TryDecode(payload, out var measurements))
                {
                    _spool.Quarantine(claim, "malformed measurements");
                    Forget(claim);
                    continue;
                }

                claimed.Add(claim);
                runs.Add(measurements);
            }

            if (claimed.Count == 0)
            {
                continue; // every file was taken by another sender or quarantined: look again
            }

            var sender = Sender(OtlpSignal.Metrics);
            if (sender is null)
            {
                ReleaseAll(claimed);
                return DeliveryPass.Stopped;
            }

            var state = LoadState(runs);
            var points = MetricPointBuilder.Fold(state, runs, _destination.Temporality);
            var request = OtlpMetricsSerializer.Serialize(Resource(), state.InstanceId, points, _destination.Temporality);
            var result = sender.Send(request, deadline - _time.GetUtcNow(), cancellation);
            if (result.IsConfirmed && !_spool.TryReplaceStateFile(MetricsState.FileName, Spool.SpoolFileFormat.Encode(SpoolFileFormat.StateKind, state.Encode())))
            {
                // Sent, but the new totals could not be kept: resending these runs from the old state repeats the
                // same cumulative points (a backend keeps one), where deleting them would lose the increments.
                ReleaseAll(claimed);
                return DeliveryPass.Stopped;
            }

            if (result.Outcome == OtlpExportOutcome.Permanent && claimed.Count > 1)
            {
                // Which run the collector objects to is unknown: give them back and go one by one, so only that one is rejected.
                ReleaseAll(claimed);
                batch = 1;
                continue;
            }

            if (Settle(OtlpSignal.Metrics, result, claimed, claimed.Count) is { } pass)
            {
                return pass;
            }
        }
    }

    /// <summary>Applies an answer to the files it covered; returns how the pass ends, or <c>null</c> to go on.</summary>
    private DeliveryPass? Settle(OtlpSignal signal, OtlpExportResult result, List<string> files, int count)
    {
        var settings = _destination.For(signal);
        foreach (var file in files)
        {
            Diagnostics.AuroraOpenTelemetryEventSource.Log.SpoolFileSent(Path.GetFileName(file), result.Outcome.ToString(), result.Status);
        }

        switch (result.Outcome)
        {
            case OtlpExportOutcome.Success:
            case OtlpExportOutcome.PartialSuccess:
                foreach (var file in files)
                {
                    SpoolDirectory.Complete(file);
                    Forget(file);
                }

                if (!_failedThisPass)
                {
                    _status.ClearBackoff();
                }

                // "They wait … and are sent once the collector answers" is over for this endpoint: it answered.
                var answered = "|" + settings.Display + "|";
                _status.WithdrawNotices(fingerprint => fingerprint.StartsWith(nameof(OtlpExportOutcome.Retryable) + "|", StringComparison.Ordinal) && fingerprint.Contains(answered, StringComparison.Ordinal));
                if (result.Outcome == OtlpExportOutcome.PartialSuccess)
                {
                    Tell(signal, result, DeliveryMessages.PartialSuccess(settings, result));
                }

                return null;
            case OtlpExportOutcome.Permanent:
                foreach (var file in files)
                {
                    _spool.Reject(file);
                    Forget(file);
                }

                Tell(signal, result, DeliveryMessages.Refused(settings, result, count, _spool.RejectedPath));
                return null;
            default:
                ReleaseAll(files);
                _failedThisPass = true;
                _status.RecordRetryableFailure(result.RetryAfter);
                Tell(signal, result, DeliveryMessages.Unreachable(settings, result, _spool.Path));
                return DeliveryPass.RetryLater;
        }
    }

    private void Tell(OtlpSignal signal, OtlpExportResult result, string message)
    {
        // The problem, not the signal: a bad token or an unreachable collector refuses the traces and the metrics alike,
        // and the user is told once (a different endpoint, status or advice is a different problem). The endpoint stands
        // between bars: a confirmation withdraws the endpoint's retryable notices by it.
        var fingerprint = result.Outcome + "|" + result.Status + "|" + _destination.For(signal).Display + "|" + result.Hint;
        if (_tellNow is null)
        {
            _status.RecordNotice(fingerprint, message);
            return;
        }

        if (!_status.WasShownRecently(fingerprint))
        {
            _tellNow(message);
            _status.MarkShown(fingerprint);
        }
    }

    private OtlpSender? Sender(OtlpSignal signal)
    {
        var index = (int)signal;
        if (!_sendersTried[index])
        {
            _sendersTried[index] = true;
            _senders[index] = OtlpSender.TryCreate(_destination.For(signal), _destination.Temporality, out var problem);
            if (problem is not null)
            {
                var result = new OtlpExportResult(OtlpExportOutcome.Retryable, "TLS files unreadable");
                Tell(signal, result, "telemetry: " + problem + "; the startup " + signal.ToString().ToLowerInvariant() + " wait in " + _spool.Path + ".");
            }
        }

        return _senders[index];
    }

    private MetricsState LoadState(List<IReadOnlyList<StartupMeasurement>> runs)
    {
        var bytes = SpoolDirectory.TryReadSmallFile(_spool.StateFile(MetricsState.FileName), 4 * 1024 * 1024);
        if (bytes is not null
            && SpoolFileFormat.TryDecode(bytes, out var kind, out var payload, out _)
            && kind == SpoolFileFormat.StateKind
            && MetricsState.TryDecode(payload.Span) is { } state)
        {
            return state;
        }

        var earliest = ulong.MaxValue;
        foreach (var run in runs)
        {
            foreach (var measurement in run)
            {
                earliest = Math.Min(earliest, measurement.StartUnixNano);
            }
        }

        // Kept at once, before anything is sent: a resend after a lost confirmation must carry the same
        // service.instance.id and start time, or the backend sees a new series instead of the same samples again. (A
        // state without series adds nothing a collector has not confirmed.)
        var created = MetricsState.CreateNew(earliest == ulong.MaxValue ? OtlpTraceSerializer.ToUnixNanoseconds(_time.GetUtcNow().UtcTicks) : earliest);
        _ = _spool.TryReplaceStateFile(MetricsState.FileName, SpoolFileFormat.Encode(SpoolFileFormat.StateKind, created.Encode()));
        return created;
    }

    private IReadOnlyList<KeyValuePair<string, object?>> Resource() => _resource ??= FallbackResource.Create(_env);

    private string? Claim(string ready)
    {
        lock (_claims)
        {
            if (_abandoned)
            {
                return null;
            }
        }

        var claimed = _spool.TryClaim(ready);
        if (claimed is null)
        {
            return null;
        }

        lock (_claims)
        {
            if (!_abandoned)
            {
                _claims.Add(claimed);
                return claimed;
            }
        }

        _spool.Release(claimed);
        return null;
    }

    private void Release(string claimed)
    {
        if (Forget(claimed))
        {
            _spool.Release(claimed);
        }
    }

    private void ReleaseAll(List<string> claimed)
    {
        foreach (var file in claimed)
        {
            Release(file);
        }
    }

    /// <summary>Stops tracking a claim; false when <see cref="Abandon"/> already gave it back.</summary>
    private bool Forget(string claimed)
    {
        lock (_claims)
        {
            return _claims.Remove(claimed);
        }
    }

    private void ReleaseClaims()
    {
        string[] held;
        lock (_claims)
        {
            held = [.. _claims];
            _claims.Clear();
        }

        foreach (var claimed in held)
        {
            _spool.Release(claimed);
        }
    }
}
