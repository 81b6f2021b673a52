using Aurora.Instrumentation.Testing.Running;

namespace Aurora.Instrumentation.Testing;

/// <summary>
/// A startup regression guard for a test suite: an app instrumented with Aurora.Instrumentation, run as real child
/// processes (warm-up runs first, then the measured runs, one after the other), each with its own run report. The
/// runner, the statistics and the budget checks are those of the <c>aurora-startup</c> tool, so a guard and
/// <c>aurora-startup bench</c> agree on every number. Immutable: each <c>With…</c> returns a new guard.
/// </summary>
/// <example>
/// <code>
/// var runs = await StartupGuard.ForDotNet("aur.dll", "soar", "test query")
///     .WithEnvironment("AURORA_TELEMETRY", "off")
///     .RunAsync();
/// runs.AssertWithinBudgets("aurora.budgets.json")
///     .AssertNotLoadedBeforeReady("OpenTelemetry*")
///     .AssertHidden("model_load", atLeastPercent: 95);
/// </code>
/// </example>
public sealed class StartupGuard
{
    /// <summary>The core's switch for <c>RecordAssemblyLoads</c> from the environment (docs/conventions.md).</summary>
    private const string AssemblyRecordingVariable = "AURORA_RECORD_ASSEMBLY_LOADS";

    private readonly CommandSpec _command;
    private readonly Dictionary<string, string?> _environment;

    private StartupGuard(CommandSpec command, Dictionary<string, string?> environment, int runs, int warmup, TimeSpan timeout)
    {
        _command = command;
        _environment = environment;
        Runs = runs;
        Warmup = warmup;
        Timeout = timeout;
    }

    /// <summary>How many measured runs (default 5).</summary>
    public int Runs { get; }

    /// <summary>How many warm-up runs before them, discarded (default 1: the first run after a build pays disk-cache misses).</summary>
    public int Warmup { get; }

    /// <summary>How long one run may take before its process tree is killed and the run fails (default 60 s).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The command as one line, quoted where needed (for messages).</summary>
    public string CommandLine => _command.Display;

    /// <summary>Variables set (or, when <c>null</c>, removed) in every run's environment, on top of the test host's.</summary>
    public IReadOnlyDictionary<string, string?> Environment => _environment;

    /// <summary>A guard for an executable and its arguments (run without a shell).</summary>
    /// <param name="fileName">The executable, e.g. <c>dotnet</c> or a published app.</param>
    /// <param name="arguments">Its arguments, verbatim.</param>
    /// <returns>The guard, with the defaults.</returns>
    public static StartupGuard For(string fileName, params string[] arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        return new StartupGuard(new CommandSpec(fileName, [.. arguments]), new Dictionary<string, string?>(StringComparer.Ordinal), 5, 1, TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// A guard for a framework-dependent .NET app (<c>dotnet app.dll …</c>), run by the dotnet host that runs the
    /// tests (<c>DOTNET_HOST_PATH</c>, set by <c>dotnet test</c>), else <c>dotnet</c> on the path.
    /// </summary>
    /// <param name="assemblyPath">The app's entry assembly.</param>
    /// <param name="arguments">The app's arguments, verbatim.</param>
    /// <returns>The guard, with the defaults.</returns>
    public static StartupGuard ForDotNet(string assemblyPath, params string[] arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assemblyPath);
        ArgumentNullException.ThrowIfNull(arguments);
        var host = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        return For(host, [assemblyPath, .. arguments]);
    }

    /// <summary>Another guard with <paramref name="runs"/> measured runs.</summary>
    /// <param name="runs">At least 1.</param>
    /// <returns>The new guard.</returns>
    public StartupGuard WithRuns(int runs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        return new StartupGuard(_command, _environment, runs, Warmup, Timeout);
    }

    /// <summary>Another guard with <paramref name="warmup"/> warm-up runs.</summary>
    /// <param name="warmup">At least 0.</param>
    /// <returns>The new guard.</returns>
    public StartupGuard WithWarmup(int warmup)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        return new StartupGuard(_command, _environment, Runs, warmup, Timeout);
    }

    /// <summary>Another guard whose runs are killed (and fail) after <paramref name="timeout"/>.</summary>
    /// <param name="timeout">Longer than zero.</param>
    /// <returns>The new guard.</returns>
    public StartupGuard WithTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return new StartupGuard(_command, _environment, Runs, Warmup, timeout);
    }

    /// <summary>Another guard that sets <paramref name="name"/> in every run's environment (or removes it, for <c>null</c>).</summary>
    /// <param name="name">The variable, e.g. <c>AURORA_TELEMETRY</c>.</param>
    /// <param name="value">Its value; <c>null</c> removes a variable the test host has.</param>
    /// <returns>The new guard.</returns>
    public StartupGuard WithEnvironment(string name, string? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new StartupGuard(_command, new Dictionary<string, string?>(_environment, StringComparer.Ordinal) { [name] = value }, Runs, Warmup, Timeout);
    }

    /// <summary>
    /// Runs the warm-up and measured runs. A run that fails (exit code, timeout, no or a garbled report) never throws
    /// here: it is kept, and every assertion on the runs then fails with it. Every run names the assemblies it loads
    /// (<c>AURORA_RECORD_ASSEMBLY_LOADS=1</c>) so that <see cref="StartupRuns.AssertNotLoadedBeforeReady"/> can see them.
    /// </summary>
    /// <param name="cancellationToken">Stops the runs (a running child is killed at its timeout, at the latest).</param>
    /// <returns>The measured runs.</returns>
    public async Task<StartupRuns> RunAsync(CancellationToken cancellationToken = default)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal) { [AssemblyRecordingVariable] = "1" };
        foreach (var (name, value) in _environment)
        {
            environment[name] = value;
        }

        var measured = new List<RunOutcome>(Runs);
        using (var runner = new ChildProcessRunner(Timeout, environment))
        {
            for (var i = 0; i < Warmup + Runs; i++)
            {
                var outcome = await runner.RunAsync(_command, cancellationToken).ConfigureAwait(false);
                if (i >= Warmup)
                {
                    measured.Add(outcome);
                }
            }
        }

        return new StartupRuns(CommandLine, measured, Warmup);
    }
}
