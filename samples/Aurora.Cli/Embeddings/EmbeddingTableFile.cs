using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Aurora.Cli.Embeddings;

/// <summary>
/// The binary embedding table in <c>.aurora/models/embeddings.bin</c>: a 32-byte header (magic <c>AUREMB02</c>, rows,
/// dimensions, seed, a 4-lane FNV-1a-64 checksum of the data) followed by rows × dimensions little-endian float32
/// (rows × dimensions is even, so the data is whole 64-bit words).
/// <c>aur init</c> generates it from a seeded PRNG (no download); a few MB, so loading it is real work.
/// </summary>
internal static class EmbeddingTableFile
{
    public const int DefaultRows = 4_096;
    public const int DefaultDimensions = 256;
    public const ulong DefaultSeed = 0x41555230_52413031UL;
    private const int HeaderSize = 32;
    private static ReadOnlySpan<byte> Magic => "AUREMB02"u8;

    public static void Write(string path, int rows = DefaultRows, int dimensions = DefaultDimensions, ulong seed = DefaultSeed)
    {
        EnsureLittleEndian();
        var values = new float[rows * dimensions];
        var random = new SeededRandom(seed);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextSignedSingle();
        }

        var data = MemoryMarshal.AsBytes(values.AsSpan());
        var header = new byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), dimensions);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16), seed);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(24), Checksum(data));

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(header);
            stream.Write(data);
        }

        // Readers never see a half-written model.
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads and verifies the table; throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static (float[] Values, int Rows, int Dimensions) Read(string path)
    {
        EnsureLittleEndian();
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(file);
        Span<byte> header = stackalloc byte[HeaderSize];
        if (length < HeaderSize || RandomAccess.Read(file, header, 0) != HeaderSize || !header[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException("not an Aurora embedding table (bad header)");
        }

        var rows = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        var dimensions = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        var checksum = BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
        if (rows <= 0 || dimensions <= 0 || dimensions > 4096 || (long)rows * dimensions * 4 != length - HeaderSize)
        {
            throw new InvalidDataException($"size does not match its header ({rows} rows × {dimensions} dimensions, {length} bytes)");
        }

        // Read straight into the float array: one allocation, no copy, no zeroing (every element is overwritten).
        var values = GC.AllocateUninitializedArray<float>(rows * dimensions);
        var data = MemoryMarshal.AsBytes(values.AsSpan());
        var offset = 0;
        while (offset < data.Length)
        {
            var read = RandomAccess.Read(file, data[offset..], HeaderSize + offset);
            if (read == 0)
            {
                throw new InvalidDataException("the file ended early");
            }

            offset += read;
        }

        if (Checksum(data) != checksum)
        {
            throw new InvalidDataException("checksum mismatch (the file is damaged)");
        }

        return (values, rows, dimensions);
    }

    // The table is read straight into memory as floats; a big-endian host would need a byte swap nobody can test here.
    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the embedding table format needs a little-endian host");
        }
    }

    /// <summary>
    /// FNV-1a over 64-bit little-endian words in four interleaved lanes (word i goes to lane i % 4), folded at the end:
    /// it catches damage, and the four independent multiply chains run in parallel on the CPU, so verifying a 4 MB
    /// table costs well under a millisecond.
    /// </summary>
    private static ulong Checksum(ReadOnlySpan<byte> data)
    {
        const ulong Prime = 1099511628211UL;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        ulong h0 = 14695981039346656037UL, h1 = h0 ^ 1, h2 = h0 ^ 2, h3 = h0 ^ 3;
        var i = 0;
        for (; i <= words.Length - 4; i += 4)
        {
            h0 = (h0 ^ words[i]) * Prime;
            h1 = (h1 ^ words[i + 1]) * Prime;
            h2 = (h2 ^ words[i + 2]) * Prime;
            h3 = (h3 ^ words[i + 3]) * Prime;
        }

        for (; i < words.Length; i++)
        {
            h0 = (h0 ^ words[i]) * Prime;
        }

        return (((((h0 * Prime) ^ h1) * Prime) ^ h2) * Prime) ^ h3;
    }
}
