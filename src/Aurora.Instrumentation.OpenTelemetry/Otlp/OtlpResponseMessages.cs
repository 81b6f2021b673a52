using Aurora.Instrumentation.OpenTelemetry.Protocol;

namespace Aurora.Instrumentation.OpenTelemetry.Otlp;

/// <summary>
/// The few fields of a collector's answer the sender reads: <c>partial_success</c> of
/// <c>Export{Trace,Metrics}ServiceResponse</c> (field 1: <c>{ int64 rejected = 1; string error_message = 2; }</c>),
/// <c>google.rpc.Status</c> (<c>{ int32 code = 1; string message = 2; repeated Any details = 3; }</c>) and the
/// <c>google.rpc.RetryInfo</c> detail (<c>{ Duration retry_delay = 1; }</c>). Malformed bytes read as "nothing said".
/// </summary>
internal static class OtlpResponseMessages
{
    private const string RetryInfoType = "type.googleapis.com/google.rpc.RetryInfo";

    public static (long Rejected, string? Message) ReadPartialSuccess(ReadOnlySpan<byte> response)
    {
        var reader = new ProtobufReader(response);
        while (reader.TryNext())
        {
            if (reader.Field != 1 || reader.WireType != 2)
            {
                continue;
            }

            long rejected = 0;
            string? message = null;
            var partial = new ProtobufReader(reader.Bytes);
            while (partial.TryNext())
            {
                if (partial.Field == 1 && partial.WireType == 0)
                {
                    rejected = (long)partial.Varint;
                }
                else if (partial.Field == 2 && partial.WireType == 2)
                {
                    message = partial.String;
                }
            }

            return (rejected, string.IsNullOrEmpty(message) ? null : message);
        }

        return (0, null);
    }

    /// <summary>The message and retry delay of a <c>google.rpc.Status</c>.</summary>
    public static (string? Message, TimeSpan? RetryDelay) ReadStatus(ReadOnlySpan<byte> status)
    {
        string? message = null;
        TimeSpan? delay = null;
        var reader = new ProtobufReader(status);
        while (reader.TryNext())
        {
            if (reader.Field == 2 && reader.WireType == 2)
            {
                message = reader.String;
            }
            else if (reader.Field == 3 && reader.WireType == 2)
            {
                delay ??= ReadRetryInfo(reader.Bytes);
            }
        }

        return (string.IsNullOrEmpty(message) ? null : message, delay);
    }

    private static TimeSpan? ReadRetryInfo(ReadOnlySpan<byte> any)
    {
        // Any { string type_url = 1; bytes value = 2; }
        var reader = new ProtobufReader(any);
        var isRetryInfo = false;
        ReadOnlySpan<byte> value = default;
        while (reader.TryNext())
        {
            if (reader.Field == 1 && reader.WireType == 2)
            {
                isRetryInfo = reader.String == RetryInfoType;
            }
            else if (reader.Field == 2 && reader.WireType == 2)
            {
                value = reader.Bytes;
            }
        }

        if (!isRetryInfo)
        {
            return null;
        }

        var retryInfo = new ProtobufReader(value);
        while (retryInfo.TryNext())
        {
            if (retryInfo.Field != 1 || retryInfo.WireType != 2)
            {
                continue;
            }

            // Duration { int64 seconds = 1; int32 nanos = 2; }
            long seconds = 0, nanos = 0;
            var duration = new ProtobufReader(retryInfo.Bytes);
            while (duration.TryNext())
            {
                if (duration.Field == 1 && duration.WireType == 0)
                {
                    seconds = (long)duration.Varint;
                }
                else if (duration.Field == 2 && duration.WireType == 0)
                {
                    nanos = (long)duration.Varint;
                }
            }

            return seconds is >= 0 and < 86_400 && nanos is >= 0 and < 1_000_000_000
                ? TimeSpan.FromSeconds(seconds) + TimeSpan.FromTicks(nanos / 100)
                : null;
        }

        return null;
    }
}
