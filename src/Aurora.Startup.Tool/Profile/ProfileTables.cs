using System.Globalization;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Instrumentation.Testing.Tables;

namespace Aurora.Startup.Tool.Profile;

/// <summary>The printed profile: one summary row per slice, then each slice's top frames by self and inclusive time.</summary>
internal static class ProfileTables
{
    public static TextTable Summary(ProfileResult result)
    {
        var table = new TextTable(
            string.Create(CultureInfo.InvariantCulture, $"profile — {result.SampleCount} samples over {result.Runs} run{(result.Runs == 1 ? string.Empty : "s")}"),
            new TableColumn("slice"),
            new TableColumn("samples", RightAligned: true),
            new TableColumn("sampled", RightAligned: true),
            new TableColumn("phase (events)", RightAligned: true),
            new TableColumn("JIT methods", RightAligned: true),
            new TableColumn("JIT time", RightAligned: true),
            new TableColumn("assemblies loaded"));
        foreach (var slice in result.Slices)
        {
            var name = slice.Background ? slice.Name + " (background)" : slice.Name;
            table.Add(
                slice.Kind == SliceKind.Phase ? Emphasis.None : Emphasis.Dim,
                name,
                slice.SampleCount.ToString(CultureInfo.InvariantCulture),
                DurationText.Milliseconds(slice.SampledMs),
                slice.Kind == SliceKind.Phase ? DurationText.Milliseconds(slice.PhaseMs) : "-",
                slice.JitMethods.ToString(CultureInfo.InvariantCulture),
                DurationText.Milliseconds(slice.JitMs),
                Loads(slice.Loads));
        }

        return table;
    }

    public static TextTable TopFrames(ProfileSlice slice, int count)
    {
        var table = new TextTable(
            string.Create(CultureInfo.InvariantCulture, $"{slice.Name} — top frames ({slice.SampleCount} samples, {DurationText.Milliseconds(slice.SampledMs)})"),
            new TableColumn("frame"),
            new TableColumn("self", RightAligned: true),
            new TableColumn("self %", RightAligned: true),
            new TableColumn("inclusive", RightAligned: true),
            new TableColumn("incl. %", RightAligned: true));
        var total = slice.SampledMs;
        foreach (var frame in Profile.TopFrames.Of(slice, count))
        {
            table.Add(
                frame.Name,
                DurationText.Milliseconds(frame.SelfMs),
                Percent(frame.SelfMs, total),
                DurationText.Milliseconds(frame.InclusiveMs),
                Percent(frame.InclusiveMs, total));
        }

        return table;
    }

    public static string Footnote(ProfileResult result)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"EventPipe samples every managed thread about once a millisecond, running or waiting. A phase owns its thread's samples while it is open (the innermost phase wins); "
            + $"{ProfileSlice.UnattributedName} is time before ready on the startup's threads that no phase covers, {ProfileSlice.OtherThreadsName} other threads' work outside phases, "
            + $"{ProfileSlice.ProfilerName} work the child does only because it is profiled. Not shown: {result.IdleSamples} samples of threads waiting outside any phase, "
            + $"{result.UnwalkedSamples} without a stack.");

    private static string Percent(double part, double total)
        => total <= 0 ? "-" : (part / total * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Loads(IReadOnlyList<string> loads)
        => loads.Count switch
        {
            0 => "-",
            <= 3 => string.Join(", ", loads),
            _ => string.Join(", ", loads.Take(3)) + string.Create(CultureInfo.InvariantCulture, $" +{loads.Count - 3}"),
        };
}
