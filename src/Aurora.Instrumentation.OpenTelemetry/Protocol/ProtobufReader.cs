using System.Buffers.Binary;
using System.Text;

namespace Aurora.Instrumentation.OpenTelemetry.Protocol;

/// <summary>
/// Reads the protobuf wire format: the package's own spool records and the few fields of a collector's answer it
/// looks at (<c>partial_success</c>, <c>google.rpc.Status</c>, <c>RetryInfo</c>). Every read is bounds-checked; a
/// malformed message makes <see cref="TryNext"/> return false (with <see cref="Malformed"/> set), never throws and
/// never reads past the buffer.
/// </summary>
internal ref struct ProtobufReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private ulong _varint;
    private ReadOnlySpan<byte> _bytes;

    public ProtobufReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        _varint = 0;
        _bytes = default;
        Field = 0;
        WireType = 0;
        Malformed = false;
    }

    public int Field { get; private set; }

    public int WireType { get; private set; }

    public bool Malformed { get; private set; }

    /// <summary>The value of the current varint field.</summary>
    public readonly ulong Varint => _varint;

    /// <summary>The value of the current fixed64 field (also read as <see cref="Double"/>).</summary>
    public readonly ulong Fixed64 => _varint;

    public readonly double Double => BitConverter.UInt64BitsToDouble(_varint);

    /// <summary>The contents of the current length-delimited field (a string, bytes or a nested message).</summary>
    public readonly ReadOnlySpan<byte> Bytes => _bytes;

    public readonly string String => Encoding.UTF8.GetString(_bytes);

    /// <summary>Moves to the next field and reads its value; false at the end or on malformed input.</summary>
    public bool TryNext()
    {
        if (_position >= _data.Length || Malformed)
        {
            return false;
        }

        if (!TryReadVarint(out var tag) || tag >> 3 == 0 || tag >> 3 > int.MaxValue)
        {
            return Fail();
        }

        Field = (int)(tag >> 3);
        WireType = (int)(tag & 7);
        _bytes = default;
        switch (WireType)
        {
            case 0:
                return TryReadVarint(out _varint) || Fail();
            case 1:
                if (_data.Length - _position < 8)
                {
                    return Fail();
                }

                _varint = BinaryPrimitives.ReadUInt64LittleEndian(_data[_position..]);
                _position += 8;
                return true;
            case 2:
                if (!TryReadVarint(out var length) || length > (ulong)(_data.Length - _position))
                {
                    return Fail();
                }

                _bytes = _data.Slice(_position, (int)length);
                _position += (int)length;
                return true;
            case 5:
                if (_data.Length - _position < 4)
                {
                    return Fail();
                }

                _varint = BinaryPrimitives.ReadUInt32LittleEndian(_data[_position..]);
                _position += 4;
                return true;
            default:
                return Fail();
        }
    }

    private bool TryReadVarint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                return false;
            }

            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    private bool Fail()
    {
        Malformed = true;
        return false;
    }
}
