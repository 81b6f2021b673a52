namespace Aurora.Startup.Tool.Profile;

/// <summary>
/// Gives every sample of a run to the phase that was open on its thread, from the timeline's own events:
/// <list type="bullet">
/// <item><c>runtime</c> owns the samples of the thread that started the timeline, up to the moment it started.</item>
/// <item>A phase owns the samples of the thread it began on from its begin for as long as that thread stays inside the
/// code that opened it (its stack keeps the frames the begin event was written from, its <em>anchor</em>), and the
/// samples of the thread it ended on, back from its end for as long as that thread was inside the code that closed
/// it. A synchronous phase is therefore exactly its thread's time between begin and end; a phase that awaited and
/// resumed on another thread owns the stretch before the first await on the first thread and the resumed stretch on
/// the other, not the other thread's earlier work or the first thread's later work. Nested phases: the innermost wins.</item>
/// <item>A sample in no phase whose thread was waiting (an idle pool thread, Main blocked on its task) is not drawn.</item>
/// <item>Any other sample in no phase: <see cref="ProfileSlice.UnattributedName"/> before ready on a thread that ran
/// the startup's own phases, <see cref="ProfileSlice.OtherThreadsName"/> on another thread,
/// <see cref="ProfileSlice.AfterReadyName"/> after ready.</item>
/// <item>Samples inside the profiler's own event writing are <see cref="ProfileSlice.ProfilerName"/>.</item>
/// </list>
/// JIT compilations and assembly loads become the innermost frame of the samples taken while they ran, and count
/// towards the slice their start falls in.
/// </summary>
internal static class PhaseAttribution
{
    public const string RuntimePhase = "runtime";

    /// <summary>EventPipe walks at most 100 frames: a stack that long may have lost its root, so it cannot be compared.</summary>
    private const int MaxWalkedFrames = 100;

    /// <summary>A sample stands for the time since its thread's previous one, but never more than this (a thread that was not sampled for long).</summary>
    private const double MaxSampleWeightMs = 50;

    public static void Attribute(ProfileTrace trace, ProfileResult into)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(into);
        into.Runs++;
        if (trace.PhaseEvents.Count == 0)
        {
            into.RunsWithoutPhaseEvents++;
        }

        var samplesByThread = trace.Samples
            .GroupBy(s => s.Thread)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.TimeMs).ToArray());
        var phases = BuildPhases(trace.PhaseEvents, samplesByThread);
        var ready = trace.PhaseEvents.FirstOrDefault(e => e.Kind == PhaseEventKind.Ready)?.TimeMs ?? double.PositiveInfinity;
        var backgroundIndexes = trace.PhaseEvents.Where(e => e.Kind == PhaseEventKind.Began && e.Background).Select(e => e.Index).ToHashSet();
        var flowThreads = trace.PhaseEvents
            .Where(e => e.Kind == PhaseEventKind.Ready || !backgroundIndexes.Contains(e.Index))
            .Select(e => e.Thread)
            .ToHashSet();

        // Slices are created in the order phases began, so the result lists them in that order.
        foreach (var phase in phases.OrderBy(p => p.BeginMs))
        {
            into.Slice(phase.Name, SliceKind.Phase, phase.Background).AddOccurrence(phase.WallMs);
        }

        var workByThread = trace.RuntimeWork.GroupBy(w => w.Thread).ToDictionary(g => g.Key, g => g.OrderBy(w => w.StartMs).ToArray());
        var previous = PreviousSampleTimes(samplesByThread);
        foreach (var sample in trace.Samples.OrderBy(s => s.TimeMs).ThenBy(s => s.Thread))
        {
            if (sample.Frames.Count == 0)
            {
                into.UnwalkedSamples++;
                continue;
            }

            ProfileSlice slice;
            double? stretchStart = null;
            if (sample.Frames.Any(IsProfilerFrame))
            {
                slice = into.Slice(ProfileSlice.ProfilerName, SliceKind.Profiler);
            }
            else if (Owner(phases, sample.Thread, sample.TimeMs) is { } phase)
            {
                slice = into.Slice(phase.Name, SliceKind.Phase, phase.Background);
                stretchStart = phase.StretchStart(sample.Thread, sample.TimeMs);
            }
            else if (WaitFrames.IsWaiting(sample.Frames))
            {
                into.IdleSamples++;
                continue;
            }
            else if (sample.TimeMs >= ready)
            {
                slice = into.Slice(ProfileSlice.AfterReadyName, SliceKind.AfterReady);
            }
            else
            {
                // Without a timeline in the trace nothing says which threads are the startup's: all of it is unattributed.
                slice = flowThreads.Contains(sample.Thread) || flowThreads.Count == 0
                    ? into.Slice(ProfileSlice.UnattributedName, SliceKind.Unattributed)
                    : into.Slice(ProfileSlice.OtherThreadsName, SliceKind.OtherThreads);
            }

            var weight = Weight(sample.TimeMs, previous[sample], stretchStart, trace.SampleIntervalMs);
            slice.AddSample(new WeightedStack(WithRuntimeWork(sample, workByThread), weight));
        }

        foreach (var work in trace.RuntimeWork)
        {
            var slice = Owner(phases, work.Thread, work.StartMs) is { } owner
                ? into.Slice(owner.Name, SliceKind.Phase, owner.Background)
                : work.StartMs >= ready ? into.Find(ProfileSlice.AfterReadyName) : into.Find(ProfileSlice.UnattributedName);
            if (slice is null)
            {
                continue;
            }

            if (work.IsJit)
            {
                slice.AddJit(work.DurationMs);
            }
            else if (work.IsLoad)
            {
                slice.AddLoad(work.Frame[RuntimeWork.LoadPrefix.Length..]);
            }
        }
    }

    /// <summary>
    /// What a sample stands for: the time since the previous sample of its thread, or since the phase's stretch on that
    /// thread began when that is later (a sample just after a begin does not carry time from before it). The sampler
    /// visits every thread about once a millisecond, but far less often on a busy machine, so a fixed weight per sample
    /// would undercount exactly when the machine is loaded. A thread's first sample stands for the usual interval.
    /// </summary>
    private static double Weight(double timeMs, double? previousMs, double? stretchStartMs, double intervalMs)
    {
        var from = (previousMs, stretchStartMs) switch
        {
            ({ } previous, { } start) => Math.Max(previous, start),
            ({ } previous, null) => previous,
            (null, { } start) => Math.Max(timeMs - intervalMs, start),
            _ => timeMs - intervalMs,
        };
        return Math.Clamp(timeMs - from, 0, MaxSampleWeightMs);
    }

    /// <summary>For each sample, when its thread was sampled before (none for a thread's first sample).</summary>
    private static Dictionary<StackSample, double?> PreviousSampleTimes(Dictionary<int, StackSample[]> samplesByThread)
    {
        var previous = new Dictionary<StackSample, double?>(ReferenceEqualityComparer.Instance);
        foreach (var samples in samplesByThread.Values)
        {
            for (var i = 0; i < samples.Length; i++)
            {
                previous[samples[i]] = i == 0 ? null : samples[i - 1].TimeMs;
            }
        }

        return previous;
    }

    /// <summary>The frames of a sample with the JIT compilations and assembly loads running at its moment appended, outermost first.</summary>
    private static IReadOnlyList<string> WithRuntimeWork(StackSample sample, Dictionary<int, RuntimeWork[]> workByThread)
    {
        if (!workByThread.TryGetValue(sample.Thread, out var work))
        {
            return sample.Frames;
        }

        List<string>? frames = null;
        foreach (var item in work)
        {
            if (item.StartMs > sample.TimeMs)
            {
                break;
            }

            if (item.EndMs >= sample.TimeMs)
            {
                frames ??= [.. sample.Frames];
                frames.Add(item.Frame);
            }
        }

        return frames ?? sample.Frames;
    }

    private static OpenPhase? Owner(List<OpenPhase> phases, int thread, double timeMs)
    {
        OpenPhase? owner = null;
        foreach (var phase in phases)
        {
            if (phase.Owns(thread, timeMs) && (owner is null || phase.BeginMs > owner.BeginMs))
            {
                owner = phase;
            }
        }

        return owner;
    }

    private static List<OpenPhase> BuildPhases(IReadOnlyList<PhaseEvent> events, Dictionary<int, StackSample[]> samplesByThread)
    {
        var phases = new List<OpenPhase>();
        var traceEnd = samplesByThread.Count == 0 ? 0 : samplesByThread.Values.Max(s => s[^1].TimeMs);
        foreach (var began in events.Where(e => e.Kind == PhaseEventKind.Began))
        {
            var ended = events.FirstOrDefault(e => e.Kind == PhaseEventKind.Ended && e.Index == began.Index && e.TimeMs >= began.TimeMs);
            var phase = new OpenPhase(began.Name, began.Background, began.TimeMs, ended?.TimeMs ?? double.PositiveInfinity);
            phase.Ranges.Add(BeginStretch(began, phase.EndMs, samplesByThread));
            if (ended is not null && (ended.Thread != began.Thread || phase.Ranges[0].ToMs < ended.TimeMs))
            {
                phase.Ranges.Add(EndStretch(ended, began.TimeMs, samplesByThread));
            }

            phase.WallMs = (ended?.TimeMs ?? Math.Max(traceEnd, began.TimeMs)) - began.TimeMs;
            phases.Add(phase);
        }

        // The runtime phase is recorded, not begun: it is the starting thread's time up to the timeline's start.
        if (events.FirstOrDefault(e => e.Kind == PhaseEventKind.Ended && e.Name == RuntimePhase) is { } runtimeEnd)
        {
            var first = samplesByThread.TryGetValue(runtimeEnd.Thread, out var own) && own.Length > 0 ? Math.Min(own[0].TimeMs, runtimeEnd.TimeMs) : runtimeEnd.TimeMs;
            var runtime = new OpenPhase(RuntimePhase, background: false, double.NegativeInfinity, runtimeEnd.TimeMs) { WallMs = runtimeEnd.TimeMs - first };
            runtime.Ranges.Add(new ThreadRange(runtimeEnd.Thread, double.NegativeInfinity, runtimeEnd.TimeMs));
            phases.Add(runtime);
        }

        return phases;
    }

    /// <summary>From the begin, on its thread, until the first sample outside the code that opened the phase (or the end).</summary>
    private static ThreadRange BeginStretch(PhaseEvent began, double endMs, Dictionary<int, StackSample[]> samplesByThread)
    {
        var anchor = Anchor(began.Frames);
        var to = endMs;
        if (samplesByThread.TryGetValue(began.Thread, out var samples))
        {
            foreach (var sample in samples)
            {
                if (sample.TimeMs <= began.TimeMs || sample.Frames.Count == 0)
                {
                    continue;
                }

                if (sample.TimeMs > endMs)
                {
                    break;
                }

                if (!StartsWith(sample.Frames, anchor))
                {
                    // Exclusive: the first sample seen outside is not the phase's.
                    to = Math.BitDecrement(sample.TimeMs);
                    break;
                }
            }
        }

        return new ThreadRange(began.Thread, began.TimeMs, to);
    }

    /// <summary>
    /// Back from the end, on its thread, to the last sample outside the work item that closed the phase (or the begin).
    /// A resumed async method runs its callers' continuations nested inside its own frame, so the stack at the end is not
    /// a prefix of the resumed code's stacks; what they share is the work item: the frames from the thread's root
    /// through the first one that is not threading plumbing (the resumed method). An idle pool thread has none.
    /// </summary>
    private static ThreadRange EndStretch(PhaseEvent ended, double beginMs, Dictionary<int, StackSample[]> samplesByThread)
    {
        var anchor = WorkItem(ended.Frames);
        var from = beginMs;
        if (samplesByThread.TryGetValue(ended.Thread, out var samples))
        {
            for (var i = samples.Length - 1; i >= 0; i--)
            {
                var sample = samples[i];
                if (sample.TimeMs >= ended.TimeMs || sample.Frames.Count == 0)
                {
                    continue;
                }

                if (sample.TimeMs < beginMs)
                {
                    break;
                }

                if (!StartsWith(sample.Frames, anchor))
                {
                    from = Math.BitIncrement(sample.TimeMs);
                    break;
                }
            }
        }

        return new ThreadRange(ended.Thread, from, ended.TimeMs);
    }

    /// <summary>
    /// The frames of an event's stack below the instrumentation's own and the async plumbing that called it: the app
    /// code that opened the phase, which stays on the thread's stack for as long as the phase runs there.
    /// </summary>
    private static IReadOnlyList<string> Anchor(IReadOnlyList<string> frames)
    {
        var end = frames.Count;
        while (end > 0 && (FrameNames.IsInstrumentation(frames[end - 1]) || FrameNames.IsThreadingPlumbing(frames[end - 1])))
        {
            end--;
        }

        return end == frames.Count ? frames : frames.Take(end).ToArray();
    }

    /// <summary>The frames from the root through the first one that is not threading plumbing: the work item a thread is running.</summary>
    private static IReadOnlyList<string> WorkItem(IReadOnlyList<string> frames)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            if (!FrameNames.IsThreadingPlumbing(frames[i]) && !frames[i].StartsWith(FrameNames.NativePrefix, StringComparison.Ordinal))
            {
                return frames.Take(i + 1).ToArray();
            }
        }

        return frames;
    }

    private static bool StartsWith(IReadOnlyList<string> frames, IReadOnlyList<string> anchor)
    {
        if (frames.Count >= MaxWalkedFrames || anchor.Count >= MaxWalkedFrames)
        {
            return true;
        }

        if (frames.Count < anchor.Count)
        {
            return false;
        }

        for (var i = 0; i < anchor.Count; i++)
        {
            if (!string.Equals(frames[i], anchor[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Work the child does only because it is profiled: writing the phase events, and the runtime's own event source
    /// building its event descriptors because the session enabled the runtime provider.
    /// </summary>
    private static bool IsProfilerFrame(string frame)
        => frame.StartsWith("Aurora.Instrumentation.Diagnostics.AuroraInstrumentationEventSource", StringComparison.Ordinal)
           || frame.StartsWith("System.Diagnostics.Tracing.NativeRuntimeEventSource", StringComparison.Ordinal);

    /// <summary>A stretch of one thread's time: from and to inclusive, on the trace's clock.</summary>
    private readonly record struct ThreadRange(int Thread, double FromMs, double ToMs);

    private sealed class OpenPhase(string name, bool background, double beginMs, double endMs)
    {
        public string Name { get; } = name;

        public bool Background { get; } = background;

        public double BeginMs { get; } = beginMs;

        public double EndMs { get; } = endMs;

        public double WallMs { get; set; }

        public List<ThreadRange> Ranges { get; } = [];

        /// <summary>Where the stretch of this phase that holds the moment began on that thread; <c>null</c> when the phase does not own it.</summary>
        public double? StretchStart(int thread, double timeMs)
        {
            foreach (var range in Ranges)
            {
                if (range.Thread == thread && timeMs >= range.FromMs && timeMs <= range.ToMs)
                {
                    return range.FromMs;
                }
            }

            return null;
        }

        public bool Owns(int thread, double timeMs) => StretchStart(thread, timeMs) is not null;
    }
}
