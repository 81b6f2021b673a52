namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>OTLP <c>Span.SpanKind</c> (numeric values as on the wire).</summary>
public enum ReceivedSpanKind
{
    /// <summary>SPAN_KIND_UNSPECIFIED.</summary>
    Unspecified = 0,

    /// <summary>SPAN_KIND_INTERNAL (<c>ActivityKind.Internal</c>).</summary>
    Internal = 1,

    /// <summary>SPAN_KIND_SERVER.</summary>
    Server = 2,

    /// <summary>SPAN_KIND_CLIENT.</summary>
    Client = 3,

    /// <summary>SPAN_KIND_PRODUCER.</summary>
    Producer = 4,

    /// <summary>SPAN_KIND_CONSUMER.</summary>
    Consumer = 5,
}
