namespace Aurora.Startup.Tool.Statistics;

/// <summary>
/// The one-sample Hodges–Lehmann estimate: the median of the Walsh averages (dᵢ + dⱼ)/2, i ≤ j. It is the shift
/// estimate that belongs to the Wilcoxon signed-rank test (the value of the shift that the test finds least
/// significant), so the ratio <c>compare</c> reports and the p-value it reports measure the same thing. It is robust
/// (one wild pair moves it little) yet uses every pair, unlike the plain median of the dᵢ.
/// </summary>
internal static class HodgesLehmann
{
    public static double Estimate(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var walsh = new double[values.Count * (values.Count + 1) / 2];
        var k = 0;
        for (var i = 0; i < values.Count; i++)
        {
            for (var j = i; j < values.Count; j++)
            {
                walsh[k++] = (values[i] + values[j]) / 2;
            }
        }

        return Median(walsh);
    }

    /// <summary>
    /// The median (mean of the two middle values for an even count) by selection, O(m) rather than a sort's
    /// O(m log m): the bootstrap takes thousands of these over n(n + 1)/2 Walsh averages. Reorders <paramref name="values"/>.
    /// </summary>
    internal static double Median(double[] values)
    {
        var upper = values.Length / 2;
        var high = Select(values, upper);
        if (values.Length % 2 == 1)
        {
            return high;
        }

        // After selecting index `upper`, everything before it is ≤ values[upper]: the lower middle is their maximum.
        var low = values[0];
        for (var i = 1; i < upper; i++)
        {
            low = Math.Max(low, values[i]);
        }

        return (low + high) / 2;
    }

    /// <summary>Hoare's quickselect with a median-of-three pivot: puts the k-th smallest at index k and returns it.</summary>
    private static double Select(double[] values, int k)
    {
        int left = 0, right = values.Length - 1;
        while (left < right)
        {
            var middle = left + ((right - left) / 2);
            var pivot = MedianOfThree(values[left], values[middle], values[right]);
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            // Now values[left..j] ≤ pivot ≤ values[i..right], and anything strictly between j and i equals the pivot.
            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    private static double MedianOfThree(double a, double b, double c)
        => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
