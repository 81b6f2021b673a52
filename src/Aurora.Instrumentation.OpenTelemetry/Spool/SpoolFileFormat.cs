using System.Buffers.Binary;

namespace Aurora.Instrumentation.OpenTelemetry.Spool;

/// <summary>
/// One spool file: a 18-byte header (magic <c>AURSPOOL</c>, format version, payload kind, payload length, FNV-1a
/// checksum) followed by the payload: an OTLP <c>ExportTraceServiceRequest</c> exactly as it goes on the wire
/// (<see cref="TracesKind"/>), a run's metric measurements (<see cref="MeasurementsKind"/>, see
/// <c>Metrics/MeasurementCodec</c>), or a destination's cumulative metric state (<see cref="StateKind"/>). The
/// checksum is what lets a torn or foreign file be told apart and quarantined instead of sent.
/// </summary>
internal static class SpoolFileFormat
{
    public const int HeaderLength = 18;
    public const byte Version = 1;
    public const byte TracesKind = 1;
    public const byte MeasurementsKind = 2;
    public const byte StateKind = 3;

    private static ReadOnlySpan<byte> Magic => "AURSPOOL"u8;

    public static byte[] Encode(byte kind, ReadOnlySpan<byte> payload)
    {
        var file = new byte[HeaderLength + payload.Length];
        Magic.CopyTo(file);
        file[8] = Version;
        file[9] = kind;
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(10), (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(14), Fnv1a(payload));
        payload.CopyTo(file.AsSpan(HeaderLength));
        return file;
    }

    public static bool TryDecode(ReadOnlyMemory<byte> file, out byte kind, out ReadOnlyMemory<byte> payload, out string? problem)
    {
        kind = 0;
        payload = default;
        if (file.Length < HeaderLength || !file.Span[..8].SequenceEqual(Magic))
        {
            problem = "not an Aurora spool file (bad magic)";
            return false;
        }

        if (file.Span[8] != Version)
        {
            problem = $"unknown spool format version {file.Span[8]}";
            return false;
        }

        kind = file.Span[9];
        if (kind is not (TracesKind or MeasurementsKind or StateKind))
        {
            problem = $"unknown payload kind {kind}";
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(file.Span[10..]);
        if (length != (uint)(file.Length - HeaderLength))
        {
            problem = $"truncated: header says {length} bytes, file has {file.Length - HeaderLength}";
            return false;
        }

        payload = file[HeaderLength..];
        if (BinaryPrimitives.ReadUInt32LittleEndian(file.Span[14..]) != Fnv1a(payload.Span))
        {
            problem = "checksum mismatch";
            return false;
        }

        problem = null;
        return true;
    }

    internal static uint Fnv1a(ReadOnlySpan<byte> data)
    {
        var hash = 2166136261u;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
