using Aurora.Startup.Tool.Profile;

namespace Aurora.Startup.Tool.Tests.Profile;

/// <summary>
/// The attribution on synthetic traces: threads, times and stacks are written out, so every expected slice can be
/// read off the test. Thread 1 is the one that starts the timeline; frames are root first.
/// </summary>
public sealed class PhaseAttributionTests
{
    private const int Main = 1;
    private const int Pool = 2;
    private const int Other = 3;

    private static readonly string[] s_main = ["App.Program.Main"];
    private static readonly string[] s_poolIdle = ["System.Threading.Thread.StartCallback", "System.Threading.PortableThreadPool+WorkerThread.WorkerThreadStart", "System.Threading.LowLevelLifoSemaphore.Wait"];
    private static readonly string[] s_poolDispatch = ["System.Threading.Thread.StartCallback", "System.Threading.PortableThreadPool+WorkerThread.WorkerThreadStart", "System.Threading.ThreadPoolWorkQueue.Dispatch"];

    [Fact]
    public void Samples_on_a_phases_thread_between_its_begin_and_end_are_the_phases_and_the_rest_is_runtime_unattributed_or_after_ready()
    {
        var trace = new TraceBuilder()
            .Sample(Main, 1, s_main, "App.Host.Init")
            .Ended("runtime", 0, Main, 2, s_main, "Aurora.Instrumentation.StartupTimeline.Start")
            .Sample(Main, 3, s_main, "Aurora.Instrumentation.StartupTimeline.Start")
            .Began("config", 1, Main, 4, s_main, "App.Startup.LoadConfig", "Aurora.Instrumentation.StartupTimeline.BeginPhase")
            .Sample(Main, 5, s_main, "App.Startup.LoadConfig", "System.Text.Json.JsonDocument.Parse")
            .Sample(Main, 6, s_main, "App.Startup.LoadConfig", "App.Config.Validate")
            .Ended("config", 1, Main, 7, s_main, "App.Startup.LoadConfig", "Aurora.Instrumentation.PhaseScope.Dispose")
            .Sample(Main, 8, s_main, "App.Startup.Between")
            .Ready(Main, 9, s_main, "App.Orchestrator.Ask")
            .Sample(Main, 10, s_main, "App.Orchestrator.Ask", "System.Net.Http.HttpClient.SendAsync")
            .Build();

        var result = Attribute(trace);

        Assert.Equal(["runtime", "config", ProfileSlice.UnattributedName, ProfileSlice.AfterReadyName], result.Slices.Select(s => s.Name));
        Assert.Equal([["App.Program.Main", "App.Host.Init"]], Stacks(result, "runtime"));
        Assert.Equal(["System.Text.Json.JsonDocument.Parse", "App.Config.Validate"], Leaves(result, "config"));
        Assert.Equal(["Aurora.Instrumentation.StartupTimeline.Start", "App.Startup.Between"], Leaves(result, ProfileSlice.UnattributedName));
        Assert.Equal(["System.Net.Http.HttpClient.SendAsync"], Leaves(result, ProfileSlice.AfterReadyName));
        Assert.Equal(3, result.Find("config")!.PhaseMs, precision: 9);
        Assert.Equal(1, result.Find("config")!.Occurrences);
    }

    [Fact]
    public void A_background_phase_owns_its_threads_samples_while_the_foreground_phase_owns_the_main_threads()
    {
        var trace = new TraceBuilder()
            .Ended("runtime", 0, Main, 0, s_main)
            .Began("model_load", 1, Pool, 1, [.. s_poolDispatch, "Aurora.Instrumentation.BackgroundLoad`1.Run"], background: true)
            .Began("config", 2, Main, 1.5, s_main, "App.Startup.LoadConfig")
            .Sample(Main, 2, s_main, "App.Startup.LoadConfig", "App.Config.Parse")
            .Sample(Pool, 2, [.. s_poolDispatch, "Aurora.Instrumentation.BackgroundLoad`1.Run"], "App.Model.Load")
            .Sample(Main, 3, s_main, "App.Startup.LoadConfig", "App.Config.Parse")
            .Sample(Pool, 3, [.. s_poolDispatch, "Aurora.Instrumentation.BackgroundLoad`1.Run"], "App.Model.Normalize")
            .Ended("config", 2, Main, 3.5, s_main, "App.Startup.LoadConfig")
            .Ended("model_load", 1, Pool, 4, s_poolDispatch)
            .Sample(Pool, 5, s_poolIdle)
            .Build();

        var result = Attribute(trace);

        Assert.Equal(["App.Config.Parse", "App.Config.Parse"], Leaves(result, "config"));
        Assert.Equal(["App.Model.Load", "App.Model.Normalize"], Leaves(result, "model_load"));
        Assert.True(result.Find("model_load")!.Background);
        Assert.False(result.Find("config")!.Background);

        // The pool thread idling after the load is in no phase and waiting: not drawn.
        Assert.Equal(1, result.IdleSamples);
    }

    [Fact]
    public void A_sample_inside_a_nested_phase_is_the_innermost_phases()
    {
        var trace = new TraceBuilder()
            .Ended("runtime", 0, Main, 0, s_main)
            .Began("outer", 1, Main, 1, s_main, "App.Outer")
            .Sample(Main, 2, s_main, "App.Outer", "App.OuterWork")
            .Began("inner", 2, Main, 3, s_main, "App.Outer", "App.Inner")
            .Sample(Main, 4, s_main, "App.Outer", "App.Inner", "App.InnerWork")
            .Ended("inner", 2, Main, 5, s_main, "App.Outer", "App.Inner")
            .Sample(Main, 6, s_main, "App.Outer", "App.OuterWorkAgain")
            .Ended("outer", 1, Main, 7, s_main, "App.Outer")
            .Build();

        var result = Attribute(trace);

        Assert.Equal(["App.OuterWork", "App.OuterWorkAgain"], Leaves(result, "outer"));
        Assert.Equal(["App.InnerWork"], Leaves(result, "inner"));
    }

    [Fact]
    public void A_phase_that_awaits_and_resumes_on_another_thread_owns_the_stretch_before_the_await_and_the_resumed_work_item_only()
    {
        string[] resumed = [.. s_poolDispatch, "System.Runtime.CompilerServices.AsyncTaskMethodBuilder`1+AsyncStateMachineBox`1.MoveNext", "App.Store.Open [async]"];
        var trace = new TraceBuilder()
            .Ended("runtime", 0, Main, 0, s_main)
            .Began("store_init", 1, Main, 1, s_main, "App.Startup.Run [async]", "Aurora.Instrumentation.StartupAsyncLazy`1.GetValueAsync")
            .Sample(Main, 2, s_main, "App.Startup.Run [async]", "Aurora.Instrumentation.StartupAsyncLazy`1.GetValueAsync", "App.Store.Open [async]", "Microsoft.Data.Sqlite.SqliteConnection..ctor")

            // Main has awaited: it now blocks in Main, outside the code that opened the phase.
            .Sample(Main, 3, s_main, "System.Threading.Tasks.Task.InternalWait")
            .Sample(Main, 4, s_main, "System.Threading.Tasks.Task.InternalWait")

            // The pool thread runs an unrelated work item first, idles, then resumes the store.
            .Sample(Pool, 2, [.. s_poolDispatch, "App.Telemetry.Flush"])
            .Sample(Pool, 3, s_poolIdle)
            .Sample(Pool, 4, resumed, "Microsoft.Data.Sqlite.SqliteCommand.ExecuteReader")
            .Sample(Pool, 5, resumed, "App.Store.Migrate [async]", "SQLitePCL.raw.sqlite3_step")
            .Ended("store_init", 1, Pool, 6, [.. resumed, "System.Runtime.CompilerServices.AsyncTaskMethodBuilder`1.SetResult", "App.Startup.<CreateStore>b__0 [async]", "Aurora.Instrumentation.Lazy.Internal.AsyncLazyCore`1.ExecuteAsync [async]"])
            .Sample(Pool, 7, [.. s_poolDispatch, "App.Startup.Run [async]"], "App.Agents.Discover")
            .Build();

        var result = Attribute(trace);

        Assert.Equal(
            ["Microsoft.Data.Sqlite.SqliteConnection..ctor", "Microsoft.Data.Sqlite.SqliteCommand.ExecuteReader", "SQLitePCL.raw.sqlite3_step"],
            Leaves(result, "store_init"));
        Assert.Equal(["App.Telemetry.Flush", "App.Agents.Discover"], Leaves(result, ProfileSlice.UnattributedName));
        Assert.Equal(3, result.IdleSamples);
        Assert.Equal(5, result.Find("store_init")!.PhaseMs, precision: 9);
    }

    [Fact]
    public void Other_threads_work_outside_phases_is_its_own_slice()
    {
        var trace = new TraceBuilder()
            .Ended("runtime", 0, Main, 0, s_main)
            .Sample(Other, 1, ["System.Threading.Thread.StartCallback", "System.Runtime.TieredCompilation.BackgroundWorker.Run"])
            .Sample(Main, 1, s_main, "App.Work")
            .Ready(Main, 2, s_main)
            .Build();

        var result = Attribute(trace);

        Assert.Equal(["System.Runtime.TieredCompilation.BackgroundWorker.Run"], Leaves(result, ProfileSlice.OtherThreadsName));
        Assert.Equal(["App.Work"], Leaves(result, ProfileSlice.UnattributedName));
    }

    [Fact]
    public void JIT_compilations_and_assembly_loads_are_the_innermost_frames_of_the_samples_they_cover_and_count_for_their_phase()
    {
        var trace = new TraceBuilder()
            .Ended("runtime", 0, Main, 0, s_main)
            .Began("store_init", 1, Main, 1, s_main, "App.Store.Open")
            .Jit(Main, 1.5, 3.5, "App.Store.Migrate")
            .Load(Main, 2.5, 3.2, "Microsoft.Data.Sqlite")
            .Sample(Main, 2, s_main, "App.Store.Open")
            .Sample(Main, 3, s_main, "App.Store.Open")
            .Sample(Main, 4, s_main, "App.Store.Open", "App.Store.Migrate")
            .Ended("store_init", 1, Main, 5, s_main, "App.Store.Open")
            .Build();

        var result = Attribute(trace);
        var slice = result.Find("store_init")!;

        Assert.Equal(
            [
                ["App.Program.Main", "App.Store.Open", "[JIT] App.Store.Migrate"],
                ["App.Program.Main", "App.Store.Open", "[JIT] App.Store.Migrate", "[load] Microsoft.Data.Sqlite"],
                ["App.Program.Main", "App.Store.Open", "App.Store.Migrate"],
            ],
            Stacks(result, "store_init"));
        Assert.Equal(1, slice.JitMethods);
        Assert.Equal(2, slice.JitMs, precision: 9);
        Assert.Equal(["Microsoft.Data.Sqlite"], slice.Loads);
    }

    [Fact]
    public void The_profilers_own_event_writing_is_its_own_slice_and_unwalked_samples_are_counted_not_drawn()
    {
        var trace = new TraceBuilder()
            .Sample(Main, 1, s_main, "Aurora.Instrumentation.Diagnostics.AuroraInstrumentationEventSource..cctor", "System.Diagnostics.Tracing.EventSource..ctor")
            .Sample(Main, 1.5, s_main, "System.Diagnostics.Tracing.NativeRuntimeEventSource..cctor")
            .Sample(Main, 1.7, [])
            .Ended("runtime", 0, Main, 2, s_main)
            .Build();

        var result = Attribute(trace);

        Assert.Equal(2, result.Find(ProfileSlice.ProfilerName)!.SampleCount);
        Assert.Equal(0, result.Find("runtime")!.SampleCount);
        Assert.Equal(1, result.UnwalkedSamples);
    }

    [Fact]
    public void Runs_merge_by_phase_name_and_a_run_without_phase_events_is_counted()
    {
        var run = new TraceBuilder()
            .Ended("runtime", 0, Main, 0, s_main)
            .Began("config", 1, Main, 1, s_main, "App.Config")
            .Sample(Main, 2, s_main, "App.Config", "App.Parse")
            .Ended("config", 1, Main, 3, s_main, "App.Config")
            .Build();
        var uninstrumented = new TraceBuilder().Sample(Main, 1, s_main, "App.Work").Build();
        var result = new ProfileResult();

        PhaseAttribution.Attribute(run, result);
        PhaseAttribution.Attribute(run, result);
        PhaseAttribution.Attribute(uninstrumented, result);

        Assert.Equal(3, result.Runs);
        Assert.Equal(1, result.RunsWithoutPhaseEvents);
        Assert.Equal(2, result.Find("config")!.SampleCount);
        Assert.Equal(2, result.Find("config")!.Occurrences);
        Assert.Equal(4, result.Find("config")!.PhaseMs, precision: 9);
        Assert.Equal(["App.Work"], Leaves(result, ProfileSlice.UnattributedName));
    }

    [Fact]
    public void A_sample_stands_for_the_time_since_its_threads_previous_sample_but_not_for_time_before_its_phase_began()
    {
        var trace = new TraceBuilder()
            .Sample(Main, 0.5, s_main, "App.Host")
            .Ended("runtime", 0, Main, 1, s_main)
            .Sample(Main, 1.2, s_main, "App.Between")
            .Began("config", 1, Main, 6, s_main, "App.Config")
            .Sample(Main, 9, s_main, "App.Config", "App.Parse")
            .Sample(Main, 10.5, s_main, "App.Config", "App.Parse")
            .Ended("config", 1, Main, 11, s_main, "App.Config")
            .Sample(Main, 90, s_main, "App.Late")
            .Build();

        var result = Attribute(trace);

        // First sample: the usual interval (1 ms here); a loaded sampler's 7.8 ms gap counts from the begin (3 ms); a
        // thread unseen for long stands for at most 50 ms.
        Assert.Equal([1], result.Find("runtime")!.Stacks.Select(s => s.WeightMs));
        Assert.Equal([3, 1.5], result.Find("config")!.Stacks.Select(s => s.WeightMs));
        Assert.Equal([0.7, 50], result.Find(ProfileSlice.UnattributedName)!.Stacks.Select(s => Math.Round(s.WeightMs, 9)));
    }

    private static ProfileResult Attribute(ProfileTrace trace)
    {
        var result = new ProfileResult();
        PhaseAttribution.Attribute(trace, result);
        return result;
    }

    private static List<string> Leaves(ProfileResult result, string slice)
        => [.. result.Find(slice)!.Stacks.Select(s => s.Frames[^1])];

    private static List<List<string>> Stacks(ProfileResult result, string slice)
        => [.. result.Find(slice)!.Stacks.Select(s => s.Frames.ToList())];

    /// <summary>A trace written event by event; times in milliseconds.</summary>
    private sealed class TraceBuilder
    {
        private readonly List<StackSample> _samples = [];
        private readonly List<PhaseEvent> _events = [];
        private readonly List<RuntimeWork> _work = [];

        public TraceBuilder Sample(int thread, double ms, string[] root, params string[] frames)
        {
            _samples.Add(new StackSample(thread, ms, [.. root, .. frames]));
            return this;
        }

        public TraceBuilder Began(string phase, int index, int thread, double ms, string[] root, params string[] frames)
            => Began(phase, index, thread, ms, [.. root, .. frames], background: false);

        public TraceBuilder Began(string phase, int index, int thread, double ms, string[] frames, bool background)
        {
            _events.Add(new PhaseEvent(PhaseEventKind.Began, phase, index, background, thread, ms, [.. frames, "Aurora.Instrumentation.StartupTimeline.Begin"]));
            return this;
        }

        public TraceBuilder Ended(string phase, int index, int thread, double ms, string[] root, params string[] frames)
        {
            _events.Add(new PhaseEvent(PhaseEventKind.Ended, phase, index, false, thread, ms, [.. root, .. frames, "Aurora.Instrumentation.StartupTimeline.EndPhase"]));
            return this;
        }

        public TraceBuilder Ready(int thread, double ms, string[] root, params string[] frames)
        {
            _events.Add(new PhaseEvent(PhaseEventKind.Ready, "first_llm_call", -1, false, thread, ms, [.. root, .. frames]));
            return this;
        }

        public TraceBuilder Jit(int thread, double startMs, double endMs, string method)
        {
            _work.Add(new RuntimeWork(thread, startMs, endMs, RuntimeWork.JitPrefix + method));
            return this;
        }

        public TraceBuilder Load(int thread, double startMs, double endMs, string assembly)
        {
            _work.Add(new RuntimeWork(thread, startMs, endMs, RuntimeWork.LoadPrefix + assembly));
            return this;
        }

        public ProfileTrace Build() => new() { Samples = _samples, PhaseEvents = _events, RuntimeWork = _work, SampleIntervalMs = 1 };
    }
}
