using System.CommandLine;
using Aurora.Cli.Commands;
using Aurora.Cli.Startup;
using Aurora.Instrumentation;
using Aurora.Instrumentation.OpenTelemetry;

namespace Aurora.Cli.CommandLine;

/// <summary>
/// The application: the startup timeline first, then the command line (System.CommandLine 2.0), then the summary
/// and the budget verdict. Telemetry is configured only through the library's environment variables.
/// </summary>
internal static class AurApplication
{
    public const string BudgetFileName = "aurora.budgets.json";

    public static async Task<int> RunAsync(string[] args)
    {
        // Telemetry first, before anything else runs (AURORA_TELEMETRY / OTEL_* decide what is exported; a process the
        // library starts again to send what a run left behind ends here), then the timeline, whose root span starts at
        // process start. Disposed in reverse: report, then the bounded exit.
        using var telemetry = AuroraTelemetry.Start();
        var commandName = StartupCommandName.Find(args);
        if (commandName is null)
        {
            // --help, --version, or no command: nothing to time.
            return await Build(context: null).Parse(args).InvokeAsync().ConfigureAwait(false);
        }

        using var timeline = telemetry.StartTimeline(commandName, new StartupTimelineOptions
        {
            // Shipped next to the executable; AURORA_BUDGETS overrides it, AURORA_BUDGET_MODE picks warn/strict/off.
            BudgetFilePath = Path.Combine(AppContext.BaseDirectory, BudgetFileName),

            // aur prints its startup breakdown from the report, also with telemetry and budgets off.
            RecordWhenUnobserved = true,
        });

        var output = CliOutput.FromConsole();
        var context = new CommandContext(timeline, output, SampleSlowdown.FromEnvironment(output, timeline));
        var exitCode = await Build(context).Parse(args).InvokeAsync().ConfigureAwait(false);
        if (context.Ran && telemetry.Mode != AuroraTelemetryMode.Console)
        {
            // Console mode prints the same summary itself when telemetry is disposed.
            StartupSummary.Write(timeline.CreateReport(), output.Diagnostics);
        }

        // A command's own failure says more than the budget verdict; otherwise strict mode decides.
        return exitCode != ExitCodes.Success ? exitCode : timeline.ExitCode;
    }

    private static RootCommand Build(CommandContext? context)
    {
        var workspace = new Option<string?>("--workspace", "-w")
        {
            Description = "Workspace root that holds .aurora/ (default: $AURORA_WORKSPACE, else the current directory)",
            Recursive = true,
        };

        var root = new RootCommand("aur: a miniature of Aurora's startup, instrumented with Aurora.Instrumentation.")
        {
            workspace,
        };

        var force = new Option<bool>("--force") { Description = "Rebuild every workspace file (the old store is kept as a backup)" };
        var init = new Command(StartupCommandName.Init, "Create the workspace .aurora/ (config, store, plans, agents, embedding model)") { force };
        init.SetAction((parse, cancellationToken) => Run(context, c => InitCommand.RunAsync(c, parse.GetValue(workspace), parse.GetValue(force), cancellationToken)));

        var query = new Argument<string>("query") { Description = "What to ask" };
        var soar = new Command(StartupCommandName.Soar, "Route a query to the best agent and answer it") { query };
        soar.SetAction((parse, cancellationToken) => Run(context, c => SoarCommand.RunAsync(c, parse.GetValue(workspace), parse.GetValue(query)!, cancellationToken)));

        var goal = new Argument<string>("goal") { Description = "The goal to decompose" };
        var goals = new Command(StartupCommandName.Goals, "Decompose a goal into subgoals matched to agents") { goal };
        goals.SetAction((parse, cancellationToken) => Run(context, c => GoalsCommand.RunAsync(c, parse.GetValue(workspace), parse.GetValue(goal)!, cancellationToken)));

        root.Add(init);
        root.Add(soar);
        root.Add(goals);
        return root;
    }

    private static Task<int> Run(CommandContext? context, Func<CommandContext, Task<int>> body)
        => context is null
            ? Task.FromResult(ExitCodes.Internal) // unreachable: a command name always starts a timeline
            : context.RunAsync(() => body(context));
}
