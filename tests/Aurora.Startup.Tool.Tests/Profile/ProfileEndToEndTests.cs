using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Aurora.Instrumentation.Testing.Tests.Fakes;
using Aurora.Startup.Tool.Profile;
using Aurora.Startup.Tool.Tests.Fakes;

namespace Aurora.Startup.Tool.Tests.Profile;

/// <summary>
/// <c>aurora-startup profile</c> against real child processes: the <c>aur</c> sample, the fake instrumented command, and
/// commands whose runtime never connects. Every run is bounded: a hang fails the test instead of stalling the suite.
/// </summary>
[Collection(SerialChildProcesses.Name)]
public sealed class ProfileEndToEndTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";
    private static readonly TimeSpan s_bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Profiling_the_sample_gives_a_store_init_flame_graph_with_SQLite_frames_and_a_valid_speedscope_file()
    {
        using var temp = new TempDirectory();

        // Two runs: the first creates the workspace (workspace_init), the second opens the existing store in store_init.
        var (exitCode, output, error) = await Profile(temp, ["-n", "2", "--", .. AurSample.Soar(temp.File("ws"))]);

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("store_init — top frames", output, StringComparison.Ordinal);
        var store = XDocument.Load(temp.File("p/startup.store_init.svg"));
        var frames = store.Descendants(s_svg + "title").Select(t => t.Value).ToList();
        Assert.Contains(frames, f => f.StartsWith("Microsoft.Data.Sqlite.", StringComparison.Ordinal) || f.StartsWith("SQLitePCL.", StringComparison.Ordinal));
        Assert.StartsWith("store_init — ", frames[0], StringComparison.Ordinal);
        Assert.True(File.Exists(temp.File("p/startup.svg")));
        Assert.True(File.Exists(temp.File("p/startup.config.svg")));

        using var speedscope = JsonDocument.Parse(File.ReadAllBytes(temp.File("p/startup.speedscope.json")));
        Assert.Empty(SpeedscopeSchema.Validate(speedscope.RootElement));
        var profiles = speedscope.RootElement.GetProperty("profiles").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();
        string[] phases = ["runtime", "workspace_init", "model_load", "config", "store_init", "agent_discovery", "orchestrator_init"];
        Assert.All(phases, phase => Assert.Single(profiles, phase));
    }

    [Fact]
    public async Task A_background_phase_and_a_foreground_phase_of_the_fake_command_each_get_their_own_threads_spinning()
    {
        using var temp = new TempDirectory();

        var (exitCode, output, error) = await Profile(temp, ["--", .. ChildCommands.Fake("--background", "model_load:300", "--phase", "config:150", "--phase", "store_init:150")]);

        Assert.True(exitCode == 0, output + error);
        using var speedscope = JsonDocument.Parse(File.ReadAllBytes(temp.File("p/startup.speedscope.json")));
        var names = speedscope.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        var byPhase = speedscope.RootElement.GetProperty("profiles").EnumerateArray().ToDictionary(
            p => p.GetProperty("name").GetString()!,
            p => p.GetProperty("samples").EnumerateArray().Select(s => s.EnumerateArray().Select(i => names[i.GetInt32()]).ToList()).ToList());

        // Spinning phases burn their time in Spin: most of each phase's samples are there, on the right thread. (A loaded
        // 2-core machine samples far less often than every millisecond: only a few samples are asked for.)
        foreach (var phase in new[] { "model_load", "config", "store_init" })
        {
            var samples = byPhase[phase];
            Assert.True(samples.Count >= 5, $"{phase}: {samples.Count} samples\n{output}");
            Assert.True(samples.Count(s => s.Any(f => f.EndsWith("FakeCommand.Spin", StringComparison.Ordinal))) * 2 > samples.Count, phase + "\n" + output);
        }

        // The background phase ran on its own thread, the foreground ones under Main.
        static bool UnderMain(List<string> stack) => stack.Any(f => f.StartsWith("Aurora.Instrumentation.Testing.Tests.Fakes.FakeCommand.Main", StringComparison.Ordinal));
        Assert.All(byPhase["model_load"], s => Assert.False(UnderMain(s), string.Join(" < ", s)));
        Assert.All(byPhase["config"], s => Assert.True(UnderMain(s), string.Join(" < ", s)));
        Assert.All(byPhase["store_init"], s => Assert.True(UnderMain(s), string.Join(" < ", s)));
    }

    [Fact]
    public async Task A_program_whose_runtime_never_connects_is_killed_at_the_timeout_with_a_clear_message()
    {
        using var temp = new TempDirectory();
        var pidFile = temp.File("pid");

        var (exitCode, output, error) = await Profile(temp, ["--timeout", "2s", "--", "sh", "-c", $"echo $$ > '{pidFile}'; exec sleep 60"]);

        Assert.True(exitCode == 3, output + error);
        Assert.Contains("timed out after 2s without its .NET runtime connecting to the profiler; process tree killed", error, StringComparison.Ordinal);
        Assert.False(IsRunning(int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture)), "the child outlived the profile");
        Assert.False(File.Exists(temp.File("p/startup.svg")));
    }

    [Fact]
    public async Task Cancelling_a_profiled_run_kills_the_child_and_its_children()
    {
        using var temp = new TempDirectory();
        var pidFile = temp.File("grandchild.pid");
        using var runner = new TracedRunner(TimeSpan.FromMinutes(2));
        using var cancel = new CancellationTokenSource();

        var run = runner.RunAsync(ChildCommands.FakeSpec("--phase", "config:5", "--grandchild", pidFile, "--hang"), cancel.Token);

        // Cancel once the profiled child is running its own code and has started its child.
        while (!File.Exists(pidFile) || File.ReadAllText(pidFile).Length == 0)
        {
            Assert.False(run.IsCompleted, "the run ended before the child started its grandchild");
            await Task.Delay(50);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(s_bound));
        Assert.False(IsRunning(int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture)), "the grandchild outlived the cancelled profile");
    }

    [Fact]
    public async Task A_dotnet_command_with_diagnostics_disabled_exits_without_connecting_and_the_message_says_why()
    {
        using var temp = new TempDirectory();

        var (exitCode, output, error) = await Profile(temp, ["--", "env", "DOTNET_EnableDiagnostics=0", .. ChildCommands.Fake("--phase", "config:5")]);

        Assert.True(exitCode == 3, output + error);
        Assert.Contains("exited (exit code 0) before its .NET runtime connected to the profiler", error, StringComparison.Ordinal);
        Assert.Contains("DOTNET_EnableDiagnostics=0", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_that_exits_at_once_is_reported_with_its_exit_code()
    {
        using var temp = new TempDirectory();

        var (exitCode, output, error) = await Profile(temp, ["--", "false"]);

        Assert.True(exitCode == 3, output + error);
        Assert.Contains("exited (exit code 1) before its .NET runtime connected to the profiler", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_that_cannot_be_started_is_reported()
    {
        using var temp = new TempDirectory();

        var (exitCode, _, error) = await Profile(temp, ["--", temp.File("no-such-program")]);

        Assert.Equal(3, exitCode);
        Assert.Contains("could not start", error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Out, string Error)> Profile(TempDirectory temp, string[] arguments)
        => await ToolRun.RunAsync(["profile", "--export-svg", temp.File("p/startup.svg"), "--export-speedscope", temp.File("p/startup.speedscope.json"), .. arguments]).WaitAsync(s_bound);

    /// <summary>Whether the process still runs: gone, or a killed zombie waiting for a reaper, is not running.</summary>
    private static bool IsRunning(int pid)
    {
        var status = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status";
        try
        {
            return !File.ReadAllText(status).Contains("State:\tZ", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }
}
