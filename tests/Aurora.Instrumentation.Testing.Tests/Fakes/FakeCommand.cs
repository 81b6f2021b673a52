using System.Diagnostics;
using System.Globalization;

namespace Aurora.Instrumentation.Testing.Tests.Fakes;

/// <summary>
/// A tiny instrumented command the end-to-end tests measure as a real child process, its phases and assembly loads
/// known: <c>dotnet &lt;tests&gt;.dll fake [--command c] [--phase name:ms]… [--background name:ms]
/// [--background-load name:ms] [--load-before-ready assembly]… [--load-after-ready assembly]… [--exit N] [--hang]
/// [--garble] [--no-report] [--grandchild PIDFILE]</c>. <c>--background-load</c> starts a background load first and
/// waits for its value just before ready (so its hidden share is known); the method that starts the timeline mentions
/// XName, so the JIT loads System.Private.Xml.Linq before <c>Start</c> runs. It honours
/// <c>AURORA_SAMPLE_SLOWDOWN=phase:percent</c> like the sample. Shared with the tool's tests (linked).
/// </summary>
internal static class FakeCommand
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] != "fake")
        {
            Console.Error.WriteLine("usage: fake [options]");
            return 64;
        }

        return Run(args[1..]);
    }

    private static int Run(string[] args)
    {
        var command = "fake";
        var phases = new List<(string Name, double Ms, bool Background)>();
        var loadsBeforeReady = new List<string>();
        var loadsAfterReady = new List<string>();
        (string Name, double Ms)? backgroundLoad = null;
        int exitCode = 0;
        bool hang = false, garble = false, noReport = false;
        string? grandchildPidFile = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--command": command = args[++i]; break;
                case "--phase": phases.Add(ParsePhase(args[++i], background: false)); break;
                case "--background": phases.Add(ParsePhase(args[++i], background: true)); break;
                case "--background-load": var (loadName, loadMs, _) = ParsePhase(args[++i], background: true); backgroundLoad = (loadName, loadMs); break;
                case "--load-before-ready": loadsBeforeReady.Add(args[++i]); break;
                case "--load-after-ready": loadsAfterReady.Add(args[++i]); break;
                case "--exit": exitCode = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--hang": hang = true; break;
                case "--garble": garble = true; break;
                case "--no-report": noReport = true; break;
                case "--grandchild": grandchildPidFile = args[++i]; break;
                default: Console.Error.WriteLine($"fake: unknown option {args[i]}"); return 64;
            }
        }

        if (args.Length < 0)
        {
            // Never runs, but the JIT compiles the whole method first and so loads System.Private.Xml.Linq before Start: what
            // the timeline must still name as loaded before ready.
            _ = System.Xml.Linq.XName.Get("never");
        }

        if (noReport)
        {
            Environment.SetEnvironmentVariable("AURORA_STARTUP_REPORT", null);
        }

        var reportPath = Environment.GetEnvironmentVariable("AURORA_STARTUP_REPORT");
        var slowdown = ParseSlowdown(Environment.GetEnvironmentVariable("AURORA_SAMPLE_SLOWDOWN"));
        Console.WriteLine("fake: some output on stdout");
        Console.Error.WriteLine("fake: some output on stderr");
        using (var timeline = StartupTimeline.Start(command))
        {
            using var load = backgroundLoad is { } bl ? timeline.StartBackgroundLoad(bl.Name, _ => Spin(bl.Ms)) : null;
            Thread? background = null;
            foreach (var (name, ms, isBackground) in phases)
            {
                var duration = slowdown is { } s && s.Phase == name ? ms * (1 + (s.Percent / 100)) : ms;
                if (isBackground)
                {
                    background = new Thread(() =>
                    {
                        using (timeline.BeginBackgroundPhase(name))
                        {
                            Spin(duration);
                        }
                    });
                    background.Start();
                    continue;
                }

                using (timeline.BeginPhase(name))
                {
                    Spin(duration);
                }
            }

            if (grandchildPidFile is not null)
            {
                using var sleeper = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
                File.WriteAllText(grandchildPidFile, sleeper.Id.ToString(CultureInfo.InvariantCulture));
            }

            if (hang)
            {
                Thread.Sleep(Timeout.Infinite);
            }

            load?.GetValueBlocking();
            foreach (var name in loadsBeforeReady)
            {
                System.Reflection.Assembly.Load(name);
            }

            timeline.MarkReady();
            foreach (var name in loadsAfterReady)
            {
                System.Reflection.Assembly.Load(name);
            }

            background?.Join();
        }

        if (garble && reportPath is not null)
        {
            File.WriteAllText(reportPath, "{\"schema\": \"aurora.startup.report/1\", \"command\": ");
        }

        return exitCode;
    }

    private static (string Name, double Ms, bool Background) ParsePhase(string text, bool background)
    {
        var parts = text.Split(':');
        return (parts[0], double.Parse(parts[1], CultureInfo.InvariantCulture), background);
    }

    private static (string Phase, double Percent)? ParseSlowdown(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var parts = text.Split(':');
        return (parts[0], double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    // Busy-wait, not sleep: a phase that burns CPU for a known time behaves like real startup work.
    private static bool Spin(double ms)
    {
        var until = Stopwatch.GetTimestamp() + (long)(ms * Stopwatch.Frequency / 1000);
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(20);
        }

        return true;
    }
}
