using System.Globalization;
using Aurora.Startup.Tool.Cli;
using Aurora.Startup.Tool.Export;
using Aurora.Startup.Tool.Output;
using Aurora.Instrumentation.Testing.Running;

namespace Aurora.Startup.Tool.Profile;

/// <summary>
/// <c>aurora-startup profile</c>: samples the command's whole startup N times, attributes every sample to the phase that
/// was open on its thread, prints where each phase's time went and writes the flame graphs and the speedscope file.
/// Exit 0 when every run was profiled; 2 for a target that cannot be profiled (Native AOT); 3 when a run failed, never
/// connected, timed out or left no readable trace (what was profiled before is still written).
/// </summary>
internal static class ProfileCommand
{
    public static async Task<int> ExecuteAsync(ProfileSettings settings, ToolConsole console, CancellationToken cancellationToken)
    {
        if (NativeAotTarget.Find(settings.Command) is { } aot)
        {
            console.Warn(NativeAotTarget.Describe(aot));
            return ExitCodes.Usage;
        }

        var result = new ProfileResult();
        var failed = false;
        using (var runner = new TracedRunner(settings.Timeout))
        {
            for (var i = 1; i <= settings.Runs; i++)
            {
                if (console.ShowProgress)
                {
                    console.Error.WriteLine($"aurora-startup: profiling run {i.ToString(CultureInfo.InvariantCulture)}/{settings.Runs.ToString(CultureInfo.InvariantCulture)}: {settings.Command.Display}");
                }

                var run = await runner.RunAsync(settings.Command, cancellationToken).ConfigureAwait(false);
                if (!Record(run, i, result, console))
                {
                    failed = true;
                    if (!run.Connected)
                    {
                        // A runtime that did not connect once will not connect next time either.
                        break;
                    }
                }
            }
        }

        if (result.Runs == 0)
        {
            return ExitCodes.MeasurementFailed;
        }

        Report(result, settings, console);
        return failed ? ExitCodes.MeasurementFailed : ExitCodes.Ok;
    }

    /// <summary>Adds one run to the result; false when the run failed (its trace is still used when it has one).</summary>
    private static bool Record(TracedRun run, int index, ProfileResult result, ToolConsole console)
    {
        var prefix = "run " + index.ToString(CultureInfo.InvariantCulture) + ": ";
        if (run.TracePath is null)
        {
            console.Warn(prefix + (run.Outcome.Report?.RuntimeMode == "aot" ? "the command is a Native AOT app. " + NativeAotTarget.Advice : run.Error ?? run.Outcome.Error ?? "no trace"));
            return false;
        }

        var ok = run.Outcome.Status is RunStatus.Ok or RunStatus.NoReport;
        if (!ok)
        {
            console.Warn(prefix + RunStatusText.Format(run.Outcome.Status) + ": " + run.Outcome.Error + " (profiled anyway)");
        }

        try
        {
            var trace = NettraceReader.Read(run.TracePath);
            PhaseAttribution.Attribute(trace, result);
            return ok;
        }
        catch (FormatException ex)
        {
            console.Warn(prefix + ex.Message);
            return false;
        }
    }

    private static void Report(ProfileResult result, ProfileSettings settings, ToolConsole console)
    {
        if (result.RunsWithoutPhaseEvents > 0)
        {
            console.Warn($"{result.RunsWithoutPhaseEvents.ToString(CultureInfo.InvariantCulture)} run(s) wrote no phase events: is the command instrumented with StartupTimeline (Aurora.Instrumentation with AURORA_PHASE_EVENTS support)? Samples are shown unattributed.");
        }

        if (result.SampleCount == 0)
        {
            console.Warn("the trace holds no stack samples (the runtime's sample profiler is missing, e.g. under Native AOT). " + NativeAotTarget.Advice);
        }

        console.Render(ProfileTables.Summary(result));
        foreach (var slice in result.Slices.Where(s => s.SampleCount > 0))
        {
            console.Render(ProfileTables.TopFrames(slice, settings.Top));
        }

        console.WriteLine(ProfileTables.Footnote(result));
        WriteFlameGraphs(result, settings, console);
        ExportFile.TryWrite(
            settings.SpeedscopePath,
            "speedscope profile",
            path =>
            {
                CreateParent(path);
                using var file = File.Create(path);
                SpeedscopeFile.Write(result, settings.Command.Display, file);
            },
            console);
    }

    private static void WriteFlameGraphs(ProfileResult result, ProfileSettings settings, ToolConsole console)
    {
        var slices = result.Drawn;
        var wholeRun = FrameNode.Build("all", slices.SelectMany(s => s.Stacks.Select(stack => ((string?)s.Name, stack))));
        var title = string.Create(CultureInfo.InvariantCulture, $"{settings.Command.Display} — {result.SampleCount} samples, {wholeRun.TotalMs:0.0} ms ({result.Runs} run{(result.Runs == 1 ? string.Empty : "s")})");
        var notes = new List<string> { "first level: the phase each sample was attributed to; [JIT] compiling a method, [load] loading an assembly" };
        var kind = string.Create(CultureInfo.InvariantCulture, $"flame graphs (the run, and {slices.Count} slices as {Path.GetFileNameWithoutExtension(settings.SvgPath)}.<phase>.svg beside it)");
        ExportFile.TryWrite(
            settings.SvgPath,
            kind,
            path =>
            {
                WriteText(path, FlameGraphSvg.Render(wholeRun, title, notes));
                foreach (var slice in slices)
                {
                    var root = FrameNode.Build(slice.Name, slice.Stacks);
                    var sliceTitle = string.Create(CultureInfo.InvariantCulture, $"{slice.Name} — {slice.SampleCount} samples, {slice.SampledMs:0.0} ms");
                    WriteText(SlicePath(path, slice), FlameGraphSvg.Render(root, sliceTitle, FlameGraphSvg.Notes(slice, result.Runs)));
                }
            },
            console);
    }

    /// <summary><c>dir/startup.svg</c> → <c>dir/startup.store_init.svg</c>.</summary>
    internal static string SlicePath(string wholeRunPath, ProfileSlice slice)
    {
        var directory = Path.GetDirectoryName(wholeRunPath) ?? string.Empty;
        var stem = Path.GetFileNameWithoutExtension(wholeRunPath);
        return Path.Combine(directory, stem + "." + slice.Slug + ".svg");
    }

    private static void WriteText(string path, string text)
    {
        CreateParent(path);
        File.WriteAllText(path, text);
    }

    private static void CreateParent(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
    }
}
