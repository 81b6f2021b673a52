using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Reporting;

/// <summary>
/// <c>AURORA_STARTUP_REPORT</c> at what must not be replaced, or where it cannot be written: one warning naming the
/// variable and the problem, the target untouched, no temporary file left.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ReportFileTests
{
    [Theory]
    [InlineData("fifo", "it is a FIFO, not a regular file; it is not replaced")]
    [InlineData("socket", "it is a socket, not a regular file; it is not replaced")]
    [InlineData("directory", "it is a directory, not a regular file; it is not replaced")]
    [InlineData("link-to-regular", "it is a symbolic link; it is not replaced")]
    [InlineData("link-loop", "it is a symbolic link; it is not replaced")]
    [InlineData("through-a-file", "it cannot be reached: a part of its path is not a directory")]
    public void What_must_not_be_replaced_is_one_warning_naming_the_variable(string kind, string problem)
    {
        using var files = new SpecialFiles();
        var path = files.Kind(kind);
        var before = SpecialFiles.Names(files.Root);
        var sink = new RecordingMessageSink();

        using (var timeline = StartupTimeline.Start("soar", TestTimelines.Options(TestTimelines.NewClock(), sink, new() { ["AURORA_STARTUP_REPORT"] = path })))
        {
            timeline.MarkReady();
        }

        var warning = Assert.Single(sink.Messages);
        Assert.Equal("could not write the startup report to AURORA_STARTUP_REPORT='" + path + "': " + problem + "; no report for this run", warning.Text);
        Assert.Equal(before, SpecialFiles.Names(files.Root));
    }

    [Fact]
    public void Missing_directories_are_created_0700_and_the_report_written()
    {
        using var files = new SpecialFiles();
        var path = Path.Combine(files.Root, "a", "b", "report.json");
        var sink = new RecordingMessageSink();
        var options = TestTimelines.Options(TestTimelines.NewClock(), sink);
        options.ReportPath = path;

        using (var timeline = StartupTimeline.Start("soar", options))
        {
            timeline.MarkReady();
        }

        Assert.Empty(sink.Messages);
        Assert.Equal("soar", StartupReport.Parse(File.ReadAllText(path)).Command);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(files.Root, "a")));
        Assert.Equal(["report.json"], SpecialFiles.Names(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void A_path_from_the_options_is_named_as_such()
    {
        using var files = new SpecialFiles();
        var sink = new RecordingMessageSink();
        var options = TestTimelines.Options(TestTimelines.NewClock(), sink);
        options.ReportPath = files.Kind("fifo");

        StartupTimeline.Start("soar", options).Dispose();

        Assert.StartsWith("could not write the startup report to StartupTimelineOptions.ReportPath='", Assert.Single(sink.Messages).Text, StringComparison.Ordinal);
    }
}
