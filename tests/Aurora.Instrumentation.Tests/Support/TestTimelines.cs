using Microsoft.Extensions.Time.Testing;

namespace Aurora.Instrumentation.Tests.Support;

/// <summary>Timelines on a fake clock: the process "started" 40 ms before the timeline, and time moves only when a test advances it.</summary>
internal static class TestTimelines
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider NewClock() => new(Epoch + TimeSpan.FromMilliseconds(40));

    public static StartupTimelineOptions Options(FakeTimeProvider clock, IStartupMessageSink? sink = null, Dictionary<string, string?>? environment = null)
        => new()
        {
            TimeProvider = clock,
            ProcessStartTime = Epoch,
            MessageSink = sink ?? new RecordingMessageSink(),

            // These tests read the report; the unobserved fast path has its own tests (UnobservedTimelineTests).
            RecordWhenUnobserved = true,
            GetEnvironmentVariable = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
        };

    /// <summary>A command name unique to the calling test, so metric listeners can tell their measurements apart.</summary>
    public static string UniqueCommand(string prefix = "test") => prefix + "_" + Guid.NewGuid().ToString("N")[..8];
}
