using Aurora.Instrumentation;

// Runs one short "command" under the budget settings the parent test put in the environment
// (AURORA_BUDGETS, AURORA_BUDGET_MODE). The exit code is whatever StartupTimeline.Dispose leaves behind.
//   app-exit-code: the app sets its own exit code first; the budget check must not replace it.
var scenario = args.Length > 0 ? args[0] : "plain";
using (var startup = StartupTimeline.Start("smoke"))
{
    using (startup.BeginPhase(StartupPhases.Config))
    {
        Console.Out.WriteLine("config");
    }

    startup.MarkReady();
    Console.Out.WriteLine("budget-failed=" + startup.BudgetFailed);
    Console.Out.WriteLine("overhead-ms=" + startup.Overhead.TotalMilliseconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));
    if (scenario == "app-exit-code")
    {
        Environment.ExitCode = 5;
    }
}

Console.Out.WriteLine("exit-code=" + Environment.ExitCode);
