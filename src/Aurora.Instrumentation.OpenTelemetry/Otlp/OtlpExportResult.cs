namespace Aurora.Instrumentation.OpenTelemetry.Otlp;

/// <summary>
/// The answer to one export request as the spool and the user need it: the outcome, the status as a short text
/// (<c>HTTP 401</c>, <c>gRPC UNAVAILABLE (14)</c>, <c>connection refused</c>), how long the collector asked us to wait,
/// its own message (a bounded excerpt), how many items it rejected, and what the user should check.
/// </summary>
internal sealed record OtlpExportResult(OtlpExportOutcome Outcome, string Status)
{
    public static OtlpExportResult Confirmed { get; } = new(OtlpExportOutcome.Success, "OK");

    public TimeSpan? RetryAfter { get; init; }

    public string? ServerMessage { get; init; }

    /// <summary><c>partial_success</c>: spans or data points the collector did not keep.</summary>
    public long Rejected { get; init; }

    /// <summary>A hint naming what to check (a variable, the collector's state), or <c>null</c>.</summary>
    public string? Hint { get; init; }

    public bool IsConfirmed => Outcome is OtlpExportOutcome.Success or OtlpExportOutcome.PartialSuccess;
}
