using System.Globalization;

namespace Aurora.Instrumentation.Testing.Running;

/// <summary>Durations on the command line and in output: <c>250us</c>, <c>500ms</c>, <c>1.5s</c>, <c>2m</c>.</summary>
internal static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        (string Suffix, double Milliseconds)[] units = [("us", 0.001), ("µs", 0.001), ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, milliseconds) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                && number >= 0 && double.IsFinite(number))
            {
                value = TimeSpan.FromMilliseconds(number * milliseconds);
                return true;
            }
        }

        return false;
    }

    public static string Format(TimeSpan value)
        => value.TotalSeconds >= 1
            ? value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s"
            : value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";

    /// <summary>Milliseconds for tables: "12.34 ms", "2.31 s".</summary>
    public static string Milliseconds(double ms)
        => double.IsNaN(ms) ? "-" : Math.Abs(ms) >= 1000
            ? (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s"
            : ms.ToString(Math.Abs(ms) >= 100 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + " ms";
}
