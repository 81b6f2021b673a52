namespace Aurora.Instrumentation.Testing.Statistics;

/// <summary>Command-line and JSON spelling of <see cref="Aggregate"/>: median, p95, mean, min, max.</summary>
internal static class AggregateText
{
    public const string Choices = "median|p95|mean|min|max";

    public static string Format(Aggregate aggregate) => aggregate.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out Aggregate aggregate)
    {
        foreach (var candidate in Enum.GetValues<Aggregate>())
        {
            if (string.Equals(Format(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                aggregate = candidate;
                return true;
            }
        }

        aggregate = Aggregate.Median;
        return false;
    }
}
