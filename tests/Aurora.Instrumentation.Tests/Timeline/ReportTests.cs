using System.Text.Json;
using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Timeline;

public sealed class ReportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("aurora-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Report_round_trips_through_json()
    {
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock));
        using (timeline.BeginPhase(StartupPhases.Config))
        {
            clock.Advance(TimeSpan.FromMilliseconds(3.5));
        }

        timeline.RecordOverrun(new BudgetOverrun { Phase = "config", BudgetMs = 2, ActualMs = 3.5, Level = "warn" });
        timeline.MarkReady();
        var report = timeline.CreateReport();

        var parsed = StartupReport.Parse(report.ToJson());

        Assert.Equal(StartupReport.SchemaId, parsed.Schema);
        Assert.Equal("soar", parsed.Command);
        Assert.Equal(report.ProcessStartTime, parsed.ProcessStartTime);
        Assert.Equal(report.TotalMs, parsed.TotalMs);
        Assert.Equal(report.Completed, parsed.Completed);
        Assert.Equal(report.Milestone, parsed.Milestone);
        Assert.Equal(report.Phases.Select(p => (p.Name, p.StartMs, p.DurationMs, p.Background, p.JitMethods, p.AllocatedBytes)),
            parsed.Phases.Select(p => (p.Name, p.StartMs, p.DurationMs, p.Background, p.JitMethods, p.AllocatedBytes)));
        var overrun = Assert.Single(parsed.Overruns);
        Assert.Equal(("config", 2.0, 3.5, "warn", false), (overrun.Phase, overrun.BudgetMs, overrun.ActualMs, overrun.Level, overrun.Live));
    }

    [Fact]
    public void Report_json_uses_the_documented_schema()
    {
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock));
        timeline.BeginBackgroundPhase(StartupPhases.ModelLoad).Dispose();
        timeline.MarkReady();

        using var json = JsonDocument.Parse(timeline.CreateReport().ToJson());
        var root = json.RootElement;
        string[] rootFields = ["schema", "command", "runtimeMode", "processId", "processStartTime", "completed", "milestone", "totalMs",
            "totalBudgetMs", "totalExceeded", "overheadMs", "traceId", "phases", "overruns", "assembliesLoadedBeforeReady"];
        Assert.Equal(rootFields.Order(StringComparer.Ordinal), root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("aurora.startup.report/1", root.GetProperty("schema").GetString());
        Assert.Equal("2026-11-26T12:00:00.0000000+00:00", root.GetProperty("processStartTime").GetString());
        string[] phaseFields = ["name", "startMs", "durationMs", "completed", "background", "budgetMs", "exceeded", "jitMethods", "jitTimeMs",
            "assembliesLoaded", "allocatedBytes", "lazyWaitMs", "lazyWaiters", "hiddenPercent"];
        foreach (var phase in root.GetProperty("phases").EnumerateArray())
        {
            Assert.Equal(phaseFields.Order(StringComparer.Ordinal), phase.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        }

        Assert.True(root.GetProperty("phases")[1].GetProperty("background").GetBoolean());
    }

    [Theory]
    [InlineData("{}", "schema")]
    [InlineData("[1,2]", "not an object")]
    [InlineData("{\"schema\":\"aurora.startup.report/2\",\"command\":\"x\"}", "aurora.startup.report/2")]
    [InlineData("{\"schema\":\"aurora.startup.report/1\"}", "'command'")]
    [InlineData("{\"schema\":\"aurora.startup.report/1\",\"command\":\"x\",\"totalMs\":\"fast\"}", "'totalMs'")]
    [InlineData("{\"schema\":", "invalid JSON")]
    public void Malformed_reports_are_rejected_with_a_reason(string json, string reason)
    {
        var error = Assert.Throws<FormatException>(() => StartupReport.Parse(json));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_is_written_to_AURORA_STARTUP_REPORT_at_dispose()
    {
        var path = Path.Combine(_directory, "nested", "run.json");
        var clock = TestTimelines.NewClock();
        var environment = new Dictionary<string, string?> { ["AURORA_STARTUP_REPORT"] = path };
        using (var timeline = StartupTimeline.Start("goals", TestTimelines.Options(clock, environment: environment)))
        {
            clock.Advance(TimeSpan.FromMilliseconds(8));
            timeline.MarkReady();
        }

        var report = StartupReport.Parse(File.ReadAllText(path));
        Assert.Equal("goals", report.Command);
        Assert.Equal(48, report.TotalMs, precision: 6);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp-*"));
    }

    [Fact]
    public void An_unwritable_report_path_is_one_warning_and_never_an_exception()
    {
        var blocker = Path.Combine(_directory, "a-file");
        File.WriteAllText(blocker, "not a directory");
        var sink = new RecordingMessageSink();
        var clock = TestTimelines.NewClock();
        var options = TestTimelines.Options(clock, sink);
        options.ReportPath = Path.Combine(blocker, "report.json");

        var timeline = StartupTimeline.Start("soar", options);
        timeline.Dispose();

        var warning = Assert.Single(sink.Messages);
        Assert.Equal(StartupMessageLevel.Warning, warning.Level);
        Assert.Contains("could not write the startup report", warning.Text, StringComparison.Ordinal);
        Assert.Contains(options.ReportPath, warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_report_variable_writes_nothing()
    {
        var sink = new RecordingMessageSink();
        var clock = TestTimelines.NewClock();
        var environment = new Dictionary<string, string?> { ["AURORA_STARTUP_REPORT"] = "  " };
        StartupTimeline.Start("soar", TestTimelines.Options(clock, sink, environment)).Dispose();
        Assert.Empty(sink.Messages);
    }
}
