namespace Aurora.Instrumentation.Timeline;

/// <summary>
/// Random, non-zero 64-bit ids for spans built from records: SplitMix64 over one atomic counter seeded once from
/// <see cref="Guid.NewGuid"/> (the OS's random bytes). Lock-free, allocation-free, and cheap on first use (a Guid costs
/// ~30 µs the first time; <see cref="Random.Shared"/> ~1 ms). Ids only need to be unique and unpredictable enough to
/// tell traces apart, as W3C trace context asks; they are not secrets.
/// </summary>
internal static class SpanIds
{
    private static ulong s_state = Seed();

    public static ulong Next()
    {
        while (true)
        {
            var z = Interlocked.Add(ref s_state, 0x9E3779B97F4A7C15UL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            if (z != 0)
            {
                return z;
            }
        }
    }

    private static ulong Seed()
    {
        Span<byte> bytes = stackalloc byte[16];
        _ = Guid.NewGuid().TryWriteBytes(bytes);
        return BitConverter.ToUInt64(bytes) ^ BitConverter.ToUInt64(bytes[8..]);
    }
}
