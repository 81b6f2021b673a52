using System.Buffers.Binary;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>The gRPC length-prefixed message framing (gRPC over HTTP/2, "Length-Prefixed-Message").</summary>
/// <remarks>Each message is: 1 byte compressed flag (0/1), 4 bytes big-endian length, then the message bytes.</remarks>
internal static class GrpcFraming
{
    public const int PrefixLength = 5;

    /// <summary>Reads the single message of a unary request body.</summary>
    /// <exception cref="InvalidDataException">The body is not exactly one well-formed frame.</exception>
    public static (bool Compressed, byte[] Message) ReadSingleMessage(ReadOnlySpan<byte> body)
    {
        if (body.Length < PrefixLength)
        {
            throw new InvalidDataException($"gRPC body has {body.Length} bytes, shorter than the 5-byte message prefix.");
        }

        var flag = body[0];
        if (flag > 1)
        {
            throw new InvalidDataException($"gRPC compressed flag is {flag}; only 0 and 1 are defined.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(body[1..PrefixLength]);
        if (length != body.Length - PrefixLength)
        {
            throw new InvalidDataException(
                $"gRPC message prefix says {length} bytes but {body.Length - PrefixLength} follow (a unary call carries exactly one message).");
        }

        return (flag == 1, body[PrefixLength..].ToArray());
    }

    /// <summary>Frames one uncompressed message.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message, bool compressedFlag = false)
    {
        var framed = new byte[PrefixLength + message.Length];
        framed[0] = compressedFlag ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(framed.AsSpan(PrefixLength));
        return framed;
    }
}
