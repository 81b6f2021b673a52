namespace Aurora.Instrumentation.Internal;

/// <summary>
/// Reads to the end into a buffer that grows up to <c>maxBytes + 1</c>: the bound is the bytes actually read, the
/// reported size only sizes the first buffer (a /proc file reports 0, a sparse file terabytes).
/// </summary>
internal static class BoundedRead
{
    /// <summary>Reads with <paramref name="read"/> (buffer, offset, count → bytes read, 0 at the end, or -errno).</summary>
    public static NativeOutcome ToEnd(Func<byte[], int, int, int> read, string path, int maxBytes, long reportedSize, out byte[] bytes, out FileProblem? problem)
    {
        bytes = [];
        problem = null;
        var buffer = new byte[(int)Math.Min(maxBytes + 1L, Math.Max(reportedSize + 1, 4096))];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > maxBytes)
                {
                    problem = RegularFile.TooLarge(path, maxBytes);
                    return NativeOutcome.Failed;
                }

                Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1L, buffer.Length * 2L));
            }

            var count = read(buffer, total, buffer.Length - total);
            if (count == 0)
            {
                break;
            }

            if (count < 0)
            {
                problem = LinuxErrors.Problem(path, -count);
                return NativeOutcome.Failed;
            }

            total += count;
        }

        bytes = buffer.AsSpan(0, total).ToArray();
        return NativeOutcome.Done;
    }
}
