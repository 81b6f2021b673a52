using System.Numerics;

namespace Aurora.Cli.Embeddings;

/// <summary>
/// The loaded embedding model: the table with every row L2-normalised (the "index" the router searches), and
/// text → vector as the normalised, weighted mean of its tokens' rows.
/// </summary>
internal sealed class EmbeddingModel
{
    private readonly float[] _rows;

    private EmbeddingModel(float[] rows, int rowCount, int dimensions)
    {
        _rows = rows;
        RowCount = rowCount;
        Dimensions = dimensions;
    }

    public int RowCount { get; }

    public int Dimensions { get; }

    public static EmbeddingModel Load(string path)
    {
        var (values, rows, dimensions) = EmbeddingTableFile.Read(path);
        for (var row = 0; row < rows; row++)
        {
            Normalize(values.AsSpan(row * dimensions, dimensions));
        }

        return new EmbeddingModel(values, rows, dimensions);
    }

    /// <summary>Cosine similarity of two normalised vectors.</summary>
    public static float Similarity(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        var sum = 0f;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var lanes = Vector<float>.Count;
            var partial = Vector<float>.Zero;
            for (; i <= left.Length - lanes; i += lanes)
            {
                partial += new Vector<float>(left[i..]) * new Vector<float>(right[i..]);
            }

            sum = Vector.Sum(partial);
        }

        for (; i < left.Length; i++)
        {
            sum += left[i] * right[i];
        }

        return sum;
    }

    /// <summary>The normalised, weighted mean of the rows of <paramref name="tokens"/>; all zeros when there are none.</summary>
    public float[] Embed(IEnumerable<(string Token, float Weight)> tokens)
    {
        var vector = new float[Dimensions];
        foreach (var (token, weight) in tokens)
        {
            var row = _rows.AsSpan((int)(TokenHasher.Hash(token) % (uint)RowCount) * Dimensions, Dimensions);
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] += row[i] * weight;
            }
        }

        Normalize(vector);
        return vector;
    }

    public float[] Embed(string text)
    {
        var tokens = TokenHasher.Tokens(text);
        var weighted = new List<(string, float)>(tokens.Count);
        foreach (var token in tokens)
        {
            weighted.Add((token, 1f));
        }

        return Embed(weighted);
    }

    private static void Normalize(Span<float> vector)
    {
        var sumOfSquares = Similarity(vector, vector);
        if (sumOfSquares > 0)
        {
            var scale = 1f / MathF.Sqrt(sumOfSquares);
            var i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var lanes = Vector<float>.Count;
                for (; i <= vector.Length - lanes; i += lanes)
                {
                    (new Vector<float>(vector[i..]) * scale).CopyTo(vector[i..]);
                }
            }

            for (; i < vector.Length; i++)
            {
                vector[i] *= scale;
            }
        }
    }
}
