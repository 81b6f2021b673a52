namespace Aurora.Instrumentation.OpenTelemetry.Otlp;

/// <summary>What became of one export request, by the OTLP specification's rules.</summary>
internal enum OtlpExportOutcome
{
    /// <summary>Confirmed: the data is the collector's now.</summary>
    Success,

    /// <summary>Confirmed, but the collector dropped part of it (<c>partial_success</c>); never sent again.</summary>
    PartialSuccess,

    /// <summary>Not confirmed, and worth trying again later (429, 502, 503, 504, UNAVAILABLE, no connection, no answer…).</summary>
    Retryable,

    /// <summary>Refused for good (other 4xx, UNAUTHENTICATED, INVALID_ARGUMENT, …): never sent again.</summary>
    Permanent,
}
