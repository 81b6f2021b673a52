namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>Conversions between OTLP nanosecond timestamps and <see cref="DateTimeOffset"/>.</summary>
internal static class UnixNano
{
    public static DateTimeOffset ToDateTimeOffset(ulong unixNano) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(unixNano / 100));

    public static ulong From(DateTimeOffset time) =>
        (ulong)(time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
