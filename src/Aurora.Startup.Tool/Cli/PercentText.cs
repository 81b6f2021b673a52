using System.Globalization;

namespace Aurora.Startup.Tool.Cli;

/// <summary>Percentages on the command line: <c>10%</c> or <c>10</c> (both mean 0.10).</summary>
internal static class PercentText
{
    public static bool TryParse(string? text, out double fraction)
    {
        fraction = 0;
        var trimmed = text?.Trim().TrimEnd('%').Trim();
        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || percent < 0 || percent > 1000 || !double.IsFinite(percent))
        {
            return false;
        }

        fraction = percent / 100;
        return true;
    }
}
