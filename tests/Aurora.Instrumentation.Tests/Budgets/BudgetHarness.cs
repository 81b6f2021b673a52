using Aurora.Instrumentation.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Aurora.Instrumentation.Tests.Budgets;

/// <summary>A timeline on a fake clock (live-overrun timer off unless asked for) with budgets, a recording sink, injected environment and a captured exit code.</summary>
internal sealed class BudgetHarness : IDisposable
{
    private BudgetHarness(FakeTimeProvider clock, TimerControlledClock timers, StartupTimelineOptions options, RecordingMessageSink sink, string command)
    {
        Clock = clock;
        Timers = timers;
        Sink = sink;
        Command = command;
        options.SetExitCode = code => ExitCodes.Add(code);
        Timeline = StartupTimeline.Start(command, options);
    }

    public FakeTimeProvider Clock { get; }

    /// <summary>The timeline's clock: <see cref="Clock"/>'s time, with live-overrun timers on or off.</summary>
    public TimerControlledClock Timers { get; }

    public RecordingMessageSink Sink { get; }

    public string Command { get; }

    public StartupTimeline Timeline { get; }

    /// <summary>Exit codes the timeline asked for (instead of setting the test host's).</summary>
    public List<int> ExitCodes { get; } = [];

    public IEnumerable<string> Texts => Sink.Messages.Select(m => m.Text);

    public static BudgetHarness Start(
        BudgetSet? budgets = null,
        BudgetMode? mode = null,
        Dictionary<string, string?>? environment = null,
        string? budgetFile = null,
        string? command = null,
        FakeTimeProvider? clock = null,
        IStartupMessageSink? sink = null,
        bool liveTimer = false)
    {
        clock ??= TestTimelines.NewClock();
        var recording = new RecordingMessageSink();
        var options = TestTimelines.Options(clock, sink ?? recording, environment);
        var timers = new TimerControlledClock(clock, liveTimer);
        options.TimeProvider = timers;
        options.Budgets = budgets;
        options.BudgetMode = mode;
        options.BudgetFilePath = budgetFile;
        return new BudgetHarness(clock, timers, options, recording, command ?? TestTimelines.UniqueCommand("budget"));
    }

    public static BudgetSet Budgets(string phase, double ms, BudgetLevel level = BudgetLevel.Warn, double toleranceMs = 0, string command = "*")
        => new BudgetSet().Add(command, phase, new Budget(TimeSpan.FromMilliseconds(ms), level, TimeSpan.FromMilliseconds(toleranceMs)));

    /// <summary>Runs <paramref name="phase"/> for exactly <paramref name="duration"/> of fake time.</summary>
    public void Run(string phase, TimeSpan duration)
    {
        using (Timeline.BeginPhase(phase))
        {
            Clock.Advance(duration);
        }
    }

    public void Run(string phase, double ms) => Run(phase, TimeSpan.FromMilliseconds(ms));

    public void Dispose() => Timeline.Dispose();
}
