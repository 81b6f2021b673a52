namespace Aurora.Cli.Embeddings;

/// <summary>
/// SplitMix64: a tiny, fully specified PRNG, so the generated embedding table is byte-identical on every machine
/// and every .NET version (<see cref="Random"/> with a seed makes no such promise across versions).
/// </summary>
internal struct SeededRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A float in [-1, 1).</summary>
    public float NextSignedSingle() => ((NextUInt64() >> 40) * (1.0f / (1UL << 24)) * 2f) - 1f;
}
