using System.Buffers.Binary;
using System.Text;

namespace Aurora.Instrumentation.OpenTelemetry.Protocol;

/// <summary>
/// The few protobuf wire-format operations the OTLP messages need. Nested messages are written in place and their
/// length prefix inserted when they end (messages here are kilobytes, so the shift is cheaper than a sizing pass).
/// </summary>
internal sealed class ProtobufWriter
{
    // A plain array, not Stack<int>: a value-type generic instantiation costs JIT on the exit path.
    private readonly int[] _open = new int[16];
    private byte[] _buffer = new byte[4096];
    private int _length;
    private int _depth;

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void BeginMessage(int field)
    {
        WriteTag(field, 2);
        _open[_depth++] = _length;
    }

    public void EndMessage()
    {
        var start = _open[--_depth];
        var size = _length - start;
        Span<byte> prefix = stackalloc byte[5];
        var prefixLength = EncodeVarint(prefix, (ulong)size);
        Ensure(prefixLength);
        Buffer.BlockCopy(_buffer, start, _buffer, start + prefixLength, size);
        prefix[..prefixLength].CopyTo(_buffer.AsSpan(start));
        _length += prefixLength;
    }

    public void WriteString(int field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        WriteTag(field, 2);
        var count = Encoding.UTF8.GetByteCount(value);
        WriteVarint((ulong)count);
        Ensure(count);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    /// <summary>A string field written even when empty (a oneof member must be present to say which one it is).</summary>
    public void WriteStringAlways(int field, string value)
    {
        WriteTag(field, 2);
        var count = Encoding.UTF8.GetByteCount(value);
        WriteVarint((ulong)count);
        Ensure(count);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, 2);
        WriteVarint((ulong)value.Length);
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    public void WriteFixed64(int field, ulong value)
    {
        WriteTag(field, 1);
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void WriteFixed32(int field, uint value)
    {
        WriteTag(field, 5);
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void WriteDouble(int field, double value) => WriteFixed64(field, BitConverter.DoubleToUInt64Bits(value));

    /// <summary>A packed <c>repeated fixed64</c> (or, with the bits of each double, <c>repeated double</c>) field.</summary>
    public void WritePackedFixed64(int field, ReadOnlySpan<ulong> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        WriteTag(field, 2);
        WriteVarint((ulong)values.Length * 8);
        Ensure(values.Length * 8);
        foreach (var value in values)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_length), value);
            _length += 8;
        }
    }

    public void WriteVarintField(int field, ulong value)
    {
        WriteTag(field, 0);
        WriteVarint(value);
    }

    public void WriteBoolAlways(int field, bool value) => WriteVarintField(field, value ? 1UL : 0UL);

    private void WriteTag(int field, int wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

    private void WriteVarint(ulong value)
    {
        Ensure(10);
        _length += EncodeVarint(_buffer.AsSpan(_length), value);
    }

    private static int EncodeVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    private void Ensure(int extra)
    {
        if (_length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
        }
    }
}
