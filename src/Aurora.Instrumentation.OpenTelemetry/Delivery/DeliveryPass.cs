namespace Aurora.Instrumentation.OpenTelemetry.Delivery;

/// <summary>How a delivery pass over a destination's spool folder ended.</summary>
internal enum DeliveryPass
{
    /// <summary>Every file that was waiting is confirmed, rejected for good or quarantined.</summary>
    Done,

    /// <summary>A retryable failure: files remain and the backoff says when to try again.</summary>
    RetryLater,

    /// <summary>The deadline passed, the pass was cancelled, or the signal cannot be sent (its TLS files are broken).</summary>
    Stopped,
}
