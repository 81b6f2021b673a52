using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver.Proto.Collector.Metrics;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver.Proto.Collector.Trace;
using Aurora.Instrumentation.OpenTelemetry.Tests.Receiver.Proto.Rpc;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>
/// The bodies the receiver answers with, encoded with the generated message classes: <c>Export*ServiceResponse</c>
/// (with <c>partial_success</c>) and <c>google.rpc.Status</c> (with a <c>RetryInfo</c> detail).
/// </summary>
internal static class OtlpResponseEncoder
{
    // An unknown length-delimited field that pads a response to a requested size; parsers must skip it.
    private const int PaddingField = 15;

    /// <summary>The <c>Export*ServiceResponse</c> for <paramref name="signal"/>: empty, or with a partial success.</summary>
    public static byte[] ExportResponse(ReceiverSignal signal, long rejectedItems = 0, string? errorMessage = null)
    {
        var partial = rejectedItems != 0 || !string.IsNullOrEmpty(errorMessage);
        IMessage response = signal == ReceiverSignal.Metrics
            ? new ExportMetricsServiceResponse
            {
                PartialSuccess = partial ? new ExportMetricsPartialSuccess { RejectedDataPoints = rejectedItems, ErrorMessage = errorMessage ?? string.Empty } : null,
            }
            : new ExportTraceServiceResponse
            {
                PartialSuccess = partial ? new ExportTracePartialSuccess { RejectedSpans = rejectedItems, ErrorMessage = errorMessage ?? string.Empty } : null,
            };
        return response.ToByteArray();
    }

    /// <summary>A <c>google.rpc.Status</c>, with a <c>google.rpc.RetryInfo</c> detail when <paramref name="retryDelay"/> is set.</summary>
    public static byte[] RpcStatus(int code, string message, TimeSpan? retryDelay = null)
    {
        var status = new Proto.Rpc.Status { Code = code, Message = message };
        if (retryDelay is { } delay)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        }

        return status.ToByteArray();
    }

    /// <summary>The <c>grpc-status-details-bin</c> value: base64 of a <c>google.rpc.Status</c>, unpadded unless asked.</summary>
    public static string GrpcStatusDetails(int code, string message, TimeSpan? retryDelay, bool padded)
    {
        var base64 = Convert.ToBase64String(RpcStatus(code, message, retryDelay));
        return padded ? base64 : base64.TrimEnd('=');
    }

    /// <summary>
    /// <paramref name="message"/> followed by unknown fields, so the result is exactly <paramref name="size"/> bytes
    /// (or the message unchanged when it is already that long, or one byte short of it).
    /// </summary>
    public static byte[] PadTo(byte[] message, int size)
    {
        var room = size - message.Length;
        if (room < 2)
        {
            return message;
        }

        // One length-delimited field: tag (1 byte) + varint length + filler. Where the varint grows a byte (at 128 and
        // 16384 bytes of filler) it can land one short; a 2-byte varint field then takes the place of one filler byte.
        var filler = room - 2;
        while (filler > 0 && FieldSize(filler) > room)
        {
            filler--;
        }

        var varintField = FieldSize(filler) == room - 1 && filler > 0;
        if (varintField)
        {
            filler--;
        }

        using var buffer = new MemoryStream();
        buffer.Write(message);
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            if (varintField)
            {
                output.WriteTag(PaddingField - 1, WireFormat.WireType.Varint);
                output.WriteUInt32(0);
            }

            output.WriteTag(PaddingField, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(new byte[filler]));
        }

        return buffer.ToArray();
    }

    private static int FieldSize(int filler) => 1 + CodedOutputStream.ComputeLengthSize(filler) + filler;
}
