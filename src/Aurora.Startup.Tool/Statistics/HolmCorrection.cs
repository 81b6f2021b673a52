namespace Aurora.Startup.Tool.Statistics;

/// <summary>
/// Holm–Bonferroni step-down adjustment. <c>compare</c> tests every phase plus total and wall at once, and any one
/// of them can fail the build, so each p-value is adjusted for the whole family: the chance that two identical
/// commands fail the guard stays ≤ α in total rather than ≤ α per metric (with eight metrics that was up to ~8α).
/// Adjusted p₍ᵢ₎ = max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎), with p₍₁₎ ≤ … ≤ p₍ₘ₎.
/// </summary>
internal static class HolmCorrection
{
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var index = order[rank];
            running = Math.Max(running, Math.Min(1.0, (m - rank) * pValues[index]));
            adjusted[index] = running;
        }

        return adjusted;
    }
}
