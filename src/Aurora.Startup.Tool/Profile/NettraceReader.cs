using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Aurora.Startup.Tool.Profile;

/// <summary>
/// Reads a run's <c>.nettrace</c> file with TraceEvent: <see cref="TraceLog"/> resolves the sampled addresses to method
/// names from the runtime's method events and the rundown written when the process exits. Keeps the thread samples,
/// the timeline's phase events with their stacks, and the JIT compilations and assembly loads as intervals per thread.
/// </summary>
internal static class NettraceReader
{
    public const string SampleProfilerProvider = "Microsoft-DotNETCore-SampleProfiler";
    public const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    public const string TimelineProvider = "Aurora-Instrumentation";

    /// <exception cref="FormatException">The file is not a trace TraceEvent can read.</exception>
    public static ProfileTrace Read(string nettracePath)
    {
        string etlx;
        try
        {
            etlx = TraceLog.CreateFromEventPipeDataFile(nettracePath, Path.ChangeExtension(nettracePath, ".etlx"), new TraceLogOptions { ContinueOnError = true });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // TraceEvent reports a truncated or foreign file with whatever exception its parser hit.
            throw new FormatException($"unreadable trace {nettracePath}: {ex.Message}", ex);
        }

        try
        {
            using var log = new TraceLog(etlx);
            return Read(log);
        }
        finally
        {
            TryDelete(etlx);
        }
    }

    private static ProfileTrace Read(TraceLog log)
    {
        var samples = new List<StackSample>();
        var phaseEvents = new List<PhaseEvent>();
        var work = new List<RuntimeWork>();
        var jitting = new Dictionary<(int Thread, long Method), (double Start, string Name)>();
        var loading = new Dictionary<int, List<(double Start, string Name)>>();
        foreach (var e in log.Events)
        {
            switch (e.ProviderName)
            {
                case SampleProfilerProvider when e.EventName == "Thread/Sample":
                    samples.Add(new StackSample(e.ThreadID, e.TimeStampRelativeMSec, Frames(e)));
                    break;
                case TimelineProvider:
                    if (ToPhaseEvent(e) is { } phaseEvent)
                    {
                        phaseEvents.Add(phaseEvent);
                    }

                    break;
                case RuntimeProvider:
                    ReadRuntimeEvent(e, jitting, loading, work);
                    break;
                default:
                    break;
            }
        }

        return new ProfileTrace
        {
            Samples = samples,
            PhaseEvents = phaseEvents,
            RuntimeWork = work,
            SampleIntervalMs = SampleInterval(samples),
        };
    }

    private static void ReadRuntimeEvent(
        TraceEvent e,
        Dictionary<(int Thread, long Method), (double Start, string Name)> jitting,
        Dictionary<int, List<(double Start, string Name)>> loading,
        List<RuntimeWork> work)
    {
        switch (e.EventName)
        {
            case "Method/JittingStarted":
                var name = Payload(e, "MethodNamespace") + "." + Payload(e, "MethodName");
                jitting[(e.ThreadID, Number(e, "MethodID"))] = (e.TimeStampRelativeMSec, name);
                break;
            case "Method/LoadVerbose":
                if (jitting.Remove((e.ThreadID, Number(e, "MethodID")), out var jit))
                {
                    work.Add(new RuntimeWork(e.ThreadID, jit.Start, e.TimeStampRelativeMSec, RuntimeWork.JitPrefix + jit.Name));
                }

                break;
            case "AssemblyLoader/Start":
                if (!loading.TryGetValue(e.ThreadID, out var open))
                {
                    open = [];
                    loading.Add(e.ThreadID, open);
                }

                open.Add((e.TimeStampRelativeMSec, ShortAssemblyName(Payload(e, "AssemblyName"))));
                break;
            case "AssemblyLoader/Stop":
                if (loading.TryGetValue(e.ThreadID, out var started) && started.Count > 0)
                {
                    // Loads nest (a load can trigger its dependencies'): the stop closes the innermost open one.
                    var load = started[^1];
                    started.RemoveAt(started.Count - 1);
                    work.Add(new RuntimeWork(e.ThreadID, load.Start, e.TimeStampRelativeMSec, RuntimeWork.LoadPrefix + load.Name));
                }

                break;
            default:
                break;
        }
    }

    private static PhaseEvent? ToPhaseEvent(TraceEvent e)
    {
        var kind = e.EventName switch
        {
            "PhaseBegan" => PhaseEventKind.Began,
            "PhaseEnded" => PhaseEventKind.Ended,
            "ReadyMarked" => PhaseEventKind.Ready,
            _ => (PhaseEventKind?)null,
        };
        if (kind is not { } known)
        {
            return null;
        }

        var name = known == PhaseEventKind.Ready ? Payload(e, "milestone") : Payload(e, "phase");
        var index = known == PhaseEventKind.Ready ? -1 : (int)Number(e, "index");
        var background = known == PhaseEventKind.Began && Number(e, "background") != 0;
        return new PhaseEvent(known, name, index, background, e.ThreadID, e.TimeStampRelativeMSec, Frames(e));
    }

    /// <summary>The event's stack, root first; consecutive frames of one native module become one frame, async plumbing goes.</summary>
    private static string[] Frames(TraceEvent e)
    {
        var frames = new List<string>();
        for (var frame = e.CallStack(); frame is not null; frame = frame.Caller)
        {
            var name = FrameNames.Of(frame.CodeAddress.FullMethodName, frame.CodeAddress.ModuleName);
            if (frames.Count == 0 || !name.StartsWith(FrameNames.NativePrefix, StringComparison.Ordinal) || frames[^1] != name)
            {
                frames.Add(name);
            }
        }

        frames.Reverse();
        return [.. FrameNames.WithoutAsyncPlumbing(frames)];
    }

    /// <summary>The median time between two samples of one thread: what one sample stands for.</summary>
    private static double SampleInterval(List<StackSample> samples)
    {
        var gaps = samples
            .GroupBy(s => s.Thread)
            .SelectMany(g =>
            {
                var times = g.Select(s => s.TimeMs).Order().ToArray();
                return times.Zip(times.Skip(1), (a, b) => b - a);
            })
            .Where(gap => gap > 0)
            .Order()
            .ToArray();
        return gaps.Length == 0 ? 1 : gaps[gaps.Length / 2];
    }

    private static string Payload(TraceEvent e, string name) => Convert.ToString(e.PayloadByName(name), CultureInfo.InvariantCulture) ?? string.Empty;

    private static long Number(TraceEvent e, string name)
        => e.PayloadByName(name) switch
        {
            null => 0,
            var value => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        };

    private static string ShortAssemblyName(string fullName)
    {
        var comma = fullName.IndexOf(',', StringComparison.Ordinal);
        return comma > 0 ? fullName[..comma] : fullName;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temp file is harmless.
        }
    }
}
