using System.Diagnostics;
using Aurora.Instrumentation;
using Aurora.Instrumentation.OpenTelemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;

// Startup probe, published with Native AOT (0 warnings) and run under JIT by the export tests and benchmarks.
//   none   : the same three phases of work, no telemetry at all
//   aurora : AuroraTelemetry.Start + timeline + 3 phases (OTLP to OTEL_EXPORTER_OTLP_ENDPOINT, or whatever AURORA_TELEMETRY says)
//   plain  : the 3 phases as spans of a plain OpenTelemetry SDK TracerProvider + OTLP exporter, ForceFlush + Dispose
// Test hooks (never set in benchmarks): AURORA_SMOKE_SPANS_OUT=file lists every recorded span (trace span parent name);
// AURORA_SMOKE_HOLD=1 marks ready, prints "hold <traceid>", waits for a line on stdin, then runs one more phase;
// AURORA_SMOKE_LINGER_MS=n stays n ms past ready before it ends (an app whose first LLM call returns soon);
// AURORA_SMOKE_EXTRA_PHASE=id runs one more phase, startup.<id>, before ready (a span a collector may refuse);
// AURORA_SMOKE_SENDERS_DIR=dir: a start without arguments (a detached sender) first creates dir/<its pid>;
// AURORA_SMOKE_TIMING=1 prints the time of each step of the aurora mode on stderr (for investigating costs);
// AURORA_SMOKE_IMAGES=1 prints, for each Aurora assembly loaded, whether its code is ReadyToRun or IL only, and its path.
// Without arguments it behaves like an instrumented app's Main: AuroraTelemetry.Start first (the process the library
// starts again to send what a run left behind arrives here under Native AOT, where no startup hook runs), then usage.
if (args.Length == 0)
{
    return RunWithoutArguments();
}

var mode = args[0];
var command = args.Length > 1 ? args[1] : "smoke";
return mode switch
{
    "none" => RunNone(),
    "aurora" => RunAurora(command),
    "plain" => RunPlain(),
    _ => Usage(),
};

static int RunNone()
{
    Work(1);
    Work(2);
    Work(3);
    return 0;
}

static int RunAurora(string command)
{
    var spansOut = Environment.GetEnvironmentVariable("AURORA_SMOKE_SPANS_OUT");
    using var recorder = string.IsNullOrEmpty(spansOut) ? null : new SpanRecorder(spansOut);
    var t0 = Stopwatch.GetTimestamp();
    var telemetry = AuroraTelemetry.Start();
    var t1 = Stopwatch.GetTimestamp();
    var startup = telemetry.StartTimeline(command);
    var t2 = Stopwatch.GetTimestamp();
    recorder?.Watch(startup);
    using (startup.BeginPhase(StartupPhases.Config))
    {
        Work(1);
    }

    using (startup.BeginPhase(StartupPhases.StoreInit))
    {
        Work(2);
    }

    using (startup.BeginPhase(StartupPhases.AgentDiscovery))
    {
        Work(3);
    }

    if (Environment.GetEnvironmentVariable("AURORA_SMOKE_EXTRA_PHASE") is { Length: > 0 } extra)
    {
        RunExtraPhase(startup, extra);
    }

    var t3 = Stopwatch.GetTimestamp();
    startup.MarkReady();
    var t4 = Stopwatch.GetTimestamp();
    if (Environment.GetEnvironmentVariable("AURORA_SMOKE_HOLD") == "1")
    {
        HoldAfterReady(startup);
    }

    if (Environment.GetEnvironmentVariable("AURORA_SMOKE_LINGER_MS") is { Length: > 0 } linger)
    {
        LingerAfterReady(linger);
    }

    startup.Dispose();
    var t5 = Stopwatch.GetTimestamp();
    telemetry.Dispose();
    var t6 = Stopwatch.GetTimestamp();
    if (Environment.GetEnvironmentVariable("AURORA_SMOKE_TIMING") == "1")
    {
        PrintTiming(t0, t1, t2, t3, t4, t5, t6);
    }

    if (Environment.GetEnvironmentVariable("AURORA_SMOKE_IMAGES") == "1")
    {
        PrintImages();
    }

    return 0;
}

static int RunPlain()
{
    using var source = new ActivitySource("Aurora.Smoke.Plain");
    using var tracer = Sdk.CreateTracerProviderBuilder()
        .AddSource(source.Name)
        .AddOtlpExporter()
        .Build();
    using (var root = source.StartActivity("aurora.startup"))
    {
        using (source.StartActivity("startup.config"))
        {
            Work(1);
        }

        using (source.StartActivity("startup.store_init"))
        {
            Work(2);
        }

        using (source.StartActivity("startup.agent_discovery"))
        {
            Work(3);
        }
    }

    tracer.ForceFlush();
    return 0;
}

// The test hooks live in their own methods: compiling a method that mentions Console or Process loads those
// assemblies (~1–3 ms under the JIT) whether or not the hook runs, and "none" mode pays for neither.
static void HoldAfterReady(StartupTimeline startup)
{
    // Stands in for the first LLM call: the app is past ready and busy; one more phase ends after it.
    Console.Out.WriteLine("hold " + startup.CreateReport().TraceId);
    Console.Out.Flush();
    _ = Console.In.ReadLine();
    using (startup.BeginPhase("after_ready"))
    {
        Work(4);
    }
}

static void RunExtraPhase(StartupTimeline startup, string phase)
{
    using (startup.BeginPhase(phase))
    {
        Work(5);
    }
}

static void LingerAfterReady(string milliseconds)
{
    // Stands in for a first LLM call that answers after this long; nothing else happens meanwhile.
    Thread.Sleep(int.Parse(milliseconds, System.Globalization.CultureInfo.InvariantCulture));
}

static void PrintTiming(long t0, long t1, long t2, long t3, long t4, long t5, long t6)
    => Console.Error.WriteLine($"start {Ms(t0, t1):0.0} timeline {Ms(t1, t2):0.0} phases {Ms(t2, t3):0.0} ready {Ms(t3, t4):0.0} tdispose {Ms(t4, t5):0.0} exit {Ms(t5, t6):0.0} since-proc-start {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:0.0}");

static void PrintImages()
{
    // The host's list of the app's assemblies says which file it chose (lib/ IL or a runtimes/<rid>/lib/ image); Native
    // AOT has no such list and no files.
    var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator);
    foreach (var name in new[] { typeof(StartupTimeline).Assembly.GetName().Name, typeof(AuroraTelemetry).Assembly.GetName().Name })
    {
        var path = Array.Find(trusted, p => Path.GetFileName(p) == name + ".dll");
        var kind = "aot";
        if (path is not null)
        {
            // A ReadyToRun image carries a managed native header; an IL-only assembly does not.
            using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
            kind = pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0 ? "readytorun" : "il";
        }

        Console.Out.WriteLine($"image {name} {kind} {path}");
    }
}

static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

static int RunWithoutArguments()
{
    if (Environment.GetEnvironmentVariable("AURORA_SMOKE_SENDERS_DIR") is { Length: > 0 } senders)
    {
        NoteStart(senders);
    }

    using var telemetry = AuroraTelemetry.Start();
    return Usage();
}

static void NoteStart(string directory)
{
    // One empty file per process started without arguments: the detached senders a run started, counted exactly.
    File.WriteAllBytes(Path.Combine(directory, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)), []);
}

static int Usage()
{
    Console.Error.WriteLine("usage: Aurora.Instrumentation.AotSmoke none|aurora|plain [command]");
    return 2;
}

static void Work(int seed)
{
    // A token amount of real work per phase, the same in every mode.
    var sum = 0L;
    for (var i = 0; i < 10_000; i++)
    {
        sum += (i * seed) % 7;
    }

    GC.KeepAlive(sum);
}

/// <summary>
/// Test hook: records every Aurora.Startup span this process produced, written at exit: the activities (console mode)
/// and the spans the timeline built from its records (OTLP mode, where no activity is created).
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly string _path;
    private readonly ActivityListener _listener;
    private readonly List<string> _lines = [];
    private StartupTimeline? _timeline;

    public SpanRecorder(string path)
    {
        _path = path;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AuroraStartup.SourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStopped = activity =>
            {
                lock (_lines)
                {
                    _lines.Add($"{activity.TraceId.ToHexString()} {activity.SpanId.ToHexString()} {(activity.ParentSpanId == default ? "-" : activity.ParentSpanId.ToHexString())} {activity.DisplayName}");
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Watch(StartupTimeline timeline) => _timeline = timeline;

    public void Dispose()
    {
        _listener.Dispose();
        lock (_lines)
        {
            foreach (var span in _timeline?.SnapshotEndedSpans() ?? [])
            {
                // Spans built from records are exported with these ids; when activities were emitted too, they share them.
                var spanId = span.SpanId.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
                if (!_lines.Exists(line => line.Split(' ')[1] == spanId))
                {
                    _lines.Add($"{span.TraceIdHigh:x16}{span.TraceIdLow:x16} {spanId} {(span.ParentSpanId == 0 ? "-" : span.ParentSpanId.ToString("x16", System.Globalization.CultureInfo.InvariantCulture))} {span.Name}");
                }
            }

            File.WriteAllLines(_path, _lines);
        }
    }
}
