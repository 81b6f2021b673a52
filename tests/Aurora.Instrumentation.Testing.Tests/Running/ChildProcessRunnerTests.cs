using Aurora.Instrumentation.Testing.Running;
using Aurora.Instrumentation.Testing.Tests.Fakes;

namespace Aurora.Instrumentation.Testing.Tests.Running;

[Collection(SerialChildProcesses.Name)]
public class ChildProcessRunnerTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Instrumented_command_gives_report_wall_time_and_memory()
    {
        using var runner = new ChildProcessRunner(s_generous);
        var outcome = await runner.RunAsync(ChildCommands.FakeSpec("--command", "probe", "--phase", "config:5", "--background", "model_load:5"), CancellationToken.None);

        Assert.Equal(RunStatus.Ok, outcome.Status);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("probe", outcome.Report!.Command);
        Assert.NotNull(outcome.Report.FindPhase("config"));
        Assert.True(outcome.Report.FindPhase("model_load")!.Background);
        Assert.True(outcome.WallMs > 0);
        if (OperatingSystem.IsLinux())
        {
            Assert.InRange(outcome.PeakMemoryBytes!.Value, 1024 * 1024, 4L * 1024 * 1024 * 1024);
        }
    }

    [Fact]
    public async Task The_child_measures_from_the_moment_the_tool_launched_it()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // sh records the launch time it was given, then exec's the instrumented command in the same process (same
        // kernel start record), whose report must start exactly there rather than at Linux's 10 ms start tick.
        var seen = Path.Combine(Path.GetTempPath(), "aurora-launch-" + Guid.NewGuid().ToString("N"));
        var fake = ChildCommands.FakeSpec("--command", "probe");
        var wrapped = new CommandSpec("/bin/sh", ["-c", "printf %s \"$AURORA_LAUNCH_UNIX_US\" > \"$0\"; exec \"$@\"", seen, fake.FileName, .. fake.Arguments]);
        try
        {
            using var runner = new ChildProcessRunner(s_generous);
            var outcome = await runner.RunAsync(wrapped, CancellationToken.None);

            Assert.Equal(RunStatus.Ok, outcome.Status);
            var launched = DateTimeOffset.UnixEpoch.AddTicks(long.Parse(await File.ReadAllTextAsync(seen), System.Globalization.CultureInfo.InvariantCulture) * 10);
            Assert.Equal(launched, outcome.Report!.ProcessStartTime);
        }
        finally
        {
            File.Delete(seen);
        }
    }

    [Fact]
    public async Task Non_zero_exit_is_a_failed_run_with_the_stderr_tail()
    {
        using var runner = new ChildProcessRunner(s_generous);
        var outcome = await runner.RunAsync(ChildCommands.FakeSpec("--exit", "7"), CancellationToken.None);

        Assert.Equal(RunStatus.Failed, outcome.Status);
        Assert.Equal(7, outcome.ExitCode);
        Assert.Contains("exit code 7", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("fake: some output on stderr", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_and_garbled_reports_are_reported()
    {
        using var runner = new ChildProcessRunner(s_generous);

        var none = await runner.RunAsync(ChildCommands.FakeSpec("--no-report"), CancellationToken.None);
        var garbled = await runner.RunAsync(ChildCommands.FakeSpec("--garble"), CancellationToken.None);

        Assert.Equal(RunStatus.NoReport, none.Status);
        Assert.Contains("AURORA_STARTUP_REPORT", none.Error, StringComparison.Ordinal);
        Assert.Equal(RunStatus.GarbledReport, garbled.Status);
        Assert.Contains("invalid JSON", garbled.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_that_does_not_exist_cannot_start()
    {
        using var runner = new ChildProcessRunner(s_generous);
        var outcome = await runner.RunAsync(new CommandSpec("/nonexistent/aurora-no-such-command", []), CancellationToken.None);

        Assert.Equal(RunStatus.StartFailed, outcome.Status);
    }

    [Fact]
    public async Task Hang_is_bounded_by_the_timeout_and_the_process_tree_is_killed()
    {
        using var temp = new TempDirectory();
        var pidFile = temp.File("grandchild.pid");
        using var runner = new ChildProcessRunner(TimeSpan.FromSeconds(4));

        var outcome = await runner.RunAsync(ChildCommands.FakeSpec("--grandchild", pidFile, "--hang"), CancellationToken.None);

        Assert.Equal(RunStatus.TimedOut, outcome.Status);
        Assert.Contains("timed out after 4s", outcome.Error, StringComparison.Ordinal);
        if (OperatingSystem.IsLinux())
        {
            var grandchild = File.ReadAllText(pidFile).Trim();
            var status = $"/proc/{grandchild}/status";

            // Gone, or a zombie waiting for a reaper: either way no longer running.
            Assert.True(!File.Exists(status) || File.ReadAllText(status).Contains("State:\tZ", StringComparison.Ordinal), File.Exists(status) ? File.ReadAllText(status) : "gone");
        }
    }
}
