using Aurora.Instrumentation.OpenTelemetry.Delivery;
using Aurora.Instrumentation.OpenTelemetry.Otlp;
using Aurora.Instrumentation.OpenTelemetry.Spool;

namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// What sending and telling need, resolved once per run by the export thread (before ready under the JIT, else after
/// ready), never by the exiting app: the parsed destination, the resource, the messages to show this run (settings
/// warnings and a notice a sender left), and whether the destination is in backoff. Persisting needs only the
/// folder (<see cref="Spool"/>, whose name is the raw <see cref="OtlpDestination.KeyOf"/>).
/// </summary>
internal sealed class PreparedExport
{
    public required OtlpDestination Destination { get; init; }

    /// <summary>The destination's folder, or <c>null</c> when there is no spool directory at all.</summary>
    public SpoolDirectory? Spool { get; init; }

    public DeliveryStatus? Status { get; init; }

    public required IReadOnlyList<KeyValuePair<string, object?>> Resource { get; init; }

    /// <summary>Warnings about the configuration and a waiting notice: told once in this run.</summary>
    public required IReadOnlyList<string> Messages { get; init; }

    /// <summary>The destination's backoff when this run prepared (a sender is not started for a long one).</summary>
    public DateTimeOffset? BackoffUntil { get; init; }
}
