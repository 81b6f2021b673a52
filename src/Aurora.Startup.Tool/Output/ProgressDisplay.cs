using Spectre.Console;

namespace Aurora.Startup.Tool.Output;

/// <summary>
/// A live progress bar on standard error when it is a terminal; otherwise nothing (CI logs get the result tables).
/// </summary>
internal static class ProgressDisplay
{
    public static async Task RunAsync(ToolConsole console, string title, int total, Func<Action<string>, Task> body)
    {
        if (!console.ShowProgress || total <= 1)
        {
            await body(_ => { }).ConfigureAwait(false);
            return;
        }

        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error) });
        await terminal.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: total);
                await body(description =>
                {
                    task.Description = Markup.Escape(description);
                    task.Increment(1);
                }).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }
}
