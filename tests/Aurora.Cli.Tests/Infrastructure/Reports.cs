using Aurora.Instrumentation;

namespace Aurora.Cli.Tests.Infrastructure;

public static class Reports
{
    /// <summary>The run report `aur` wrote to AURORA_STARTUP_REPORT, parsed with the library's own reader.</summary>
    public static StartupReport Read(string path)
    {
        Assert.True(File.Exists(path), $"no startup report at {path}");
        return StartupReport.Parse(File.ReadAllBytes(path));
    }

    public static PhaseReport Phase(this StartupReport report, string name)
        => report.FindPhase(name) ?? throw new Xunit.Sdk.XunitException($"phase '{name}' missing; phases: {string.Join(", ", report.Phases.Select(p => p.Name))}");
}
