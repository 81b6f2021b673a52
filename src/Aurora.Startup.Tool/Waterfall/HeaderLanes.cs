namespace Aurora.Startup.Tool.Waterfall;

/// <summary>
/// Places the labels of the vertical markers (ready, exit, total budget) in lanes above the rows, where no line runs:
/// each label centred on its marker (kept inside the canvas) in the first lane where it overlaps no other label.
/// </summary>
internal static class HeaderLanes
{
    private const double Gap = 8;

    /// <returns>For each label, in order: its lane (0 = nearest the rows) and its left edge.</returns>
    public static IReadOnlyList<(int Lane, double Left)> Place(IReadOnlyList<(double X, double Width)> labels, double minX, double maxX)
    {
        var lanes = new List<List<(double Left, double Right)>>();
        var placed = new List<(int, double)>();
        foreach (var (x, width) in labels)
        {
            var left = Math.Clamp(x - (width / 2), minX, Math.Max(minX, maxX - width));
            var right = left + width;
            var lane = lanes.FindIndex(taken => taken.All(other => right + Gap <= other.Left || left >= other.Right + Gap));
            if (lane < 0)
            {
                lanes.Add([]);
                lane = lanes.Count - 1;
            }

            lanes[lane].Add((left, right));
            placed.Add((lane, left));
        }

        return placed;
    }
}
