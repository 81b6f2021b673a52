using System.CommandLine;
using System.Globalization;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Instrumentation.Testing.Statistics;
using Aurora.Startup.Tool.Bench;
using Aurora.Startup.Tool.Checks;
using Aurora.Startup.Tool.Compare;
using Aurora.Startup.Tool.History;
using Aurora.Startup.Tool.Output;
using Aurora.Startup.Tool.Profile;

namespace Aurora.Startup.Tool.Cli;

/// <summary>The command line: <c>bench</c>, <c>compare</c>, <c>check</c>, <c>history</c>, <c>profile</c>. Parse errors exit 2.</summary>
internal static class ToolCommandLine
{
    public static async Task<int> RunAsync(string[] args, ToolConsole console, CancellationToken cancellationToken = default)
    {
        var root = Build(console);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                console.Error.WriteLine("aurora-startup: " + error.Message);
            }

            console.Error.WriteLine("Try 'aurora-startup --help'.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellationToken).ConfigureAwait(false);
    }

    public static RootCommand Build(ToolConsole console)
    {
        var root = new RootCommand("aurora-startup: startup benchmarks, A/B comparison, budget checks and performance history for apps instrumented with Aurora.Instrumentation.")
        {
            BuildBench(console),
            BuildCompare(console),
            BuildCheck(console),
            BuildHistory(console),
            BuildProfile(console),
        };
        return root;
    }

    private static Command BuildBench(ToolConsole console)
    {
        var runs = new Option<int>("--runs", "-n") { Description = "Measured runs.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Warm-up runs (discarded).", DefaultValueFactory = _ => 1 };
        var budgets = new Option<string?>("--budgets") { Description = "Budget file (aurora.budgets.json) to check the aggregate against." };
        var baseline = new Option<string?>("--baseline") { Description = "A previous --export-json result to compare with." };
        var threshold = new Option<string>("--threshold") { Description = "Change that counts for --baseline verdicts, e.g. 10%.", DefaultValueFactory = _ => "10%" };
        var timeout = new Option<string>("--timeout") { Description = "Per-run limit, e.g. 30s; the process tree is killed after it.", DefaultValueFactory = _ => "60s" };
        var aggregate = new Option<string>("--aggregate") { Description = $"Statistic budgets are checked on: {AggregateText.Choices}.", DefaultValueFactory = _ => "median" };
        var json = new Option<string?>("--export-json") { Description = "Write the result (with raw samples) as JSON." };
        var markdown = new Option<string?>("--export-markdown") { Description = "Write the tables as Markdown." };
        var csv = new Option<string?>("--export-csv") { Description = "Write the summary as CSV." };
        var svg = new Option<string?>("--export-svg") { Description = "Write a waterfall of the median run as SVG." };
        var command = new Argument<string[]>("command") { Description = "The command to measure, after --.", Arity = ArgumentArity.OneOrMore };
        var bench = new Command("bench", "Run a command N times and summarise its startup phases, wall time and peak memory.")
        {
            runs, warmup, budgets, baseline, threshold, timeout, aggregate, json, markdown, csv, svg, command,
        };
        bench.SetAction((parse, cancellationToken) =>
        {
            var errors = new List<string>();
            var argv = parse.GetValue(command) ?? [];
            RejectOptionLike(argv.Take(1), errors);
            if (argv.Length == 0 || string.IsNullOrWhiteSpace(argv[0]))
            {
                errors.Add("the command to measure is empty");
                argv = ["?"];
            }

            var settings = new BenchSettings
            {
                Command = CommandSpec.FromArgv(argv),
                Runs = Positive(parse.GetValue(runs), "--runs", 1, errors),
                Warmup = Positive(parse.GetValue(warmup), "--warmup", 0, errors),
                Timeout = Duration(parse.GetValue(timeout), "--timeout", errors),
                Aggregate = AggregateOf(parse.GetValue(aggregate), errors),
                Threshold = Percent(parse.GetValue(threshold), "--threshold", errors),
                BudgetsPath = parse.GetValue(budgets),
                BaselinePath = parse.GetValue(baseline),
                JsonPath = parse.GetValue(json),
                MarkdownPath = parse.GetValue(markdown),
                CsvPath = parse.GetValue(csv),
                SvgPath = parse.GetValue(svg),
            };
            return errors.Count > 0 ? Task.FromResult(Usage(console, errors)) : BenchCommand.ExecuteAsync(settings, console, cancellationToken);
        });
        return bench;
    }

    private static Command BuildCompare(ToolConsole console)
    {
        var baseCommand = new Option<string>("--base") { Description = "The base command line, quoted (split like a shell, without running one).", Required = true };
        var headCommand = new Option<string>("--head") { Description = "The head command line, quoted.", Required = true };
        var runs = new Option<int>("--runs", "-n") { Description = "Measured runs per side.", DefaultValueFactory = _ => 20 };
        var warmup = new Option<int>("--warmup") { Description = "Warm-up pairs (discarded).", DefaultValueFactory = _ => 1 };
        var threshold = new Option<string>("--threshold") { Description = "Smallest slowdown that fails, e.g. 10%.", DefaultValueFactory = _ => "10%" };
        var alpha = new Option<double>("--alpha") { Description = "Family-wise significance level (Holm over the metrics) of the paired Wilcoxon or the Mann–Whitney test.", DefaultValueFactory = _ => 0.05 };
        var minimum = new Option<string>("--min-difference") { Description = "A metric whose estimated change (median(base)·|ratio − 1|) is smaller than this is never slower or faster (sub-millisecond phases are mostly timer noise).", DefaultValueFactory = _ => "1ms" };
        var timeout = new Option<string>("--timeout") { Description = "Per-run limit, e.g. 30s.", DefaultValueFactory = _ => "60s" };
        var json = new Option<string?>("--export-json") { Description = "Write every run's values (pair, side, phases, status) and the comparisons as JSON." };
        var compare = new Command("compare", "Run base and head interleaved and test each phase for a significant change.")
        {
            baseCommand, headCommand, runs, warmup, threshold, alpha, minimum, timeout, json,
        };
        compare.SetAction((parse, cancellationToken) =>
        {
            var errors = new List<string>();
            var baseSpec = Split(parse.GetValue(baseCommand), "--base", errors);
            var headSpec = Split(parse.GetValue(headCommand), "--head", errors);
            var alphaValue = parse.GetValue(alpha);
            if (alphaValue is <= 0 or >= 1 || double.IsNaN(alphaValue))
            {
                errors.Add("--alpha must be between 0 and 1 (exclusive)");
            }

            var settings = new CompareSettings
            {
                Base = baseSpec!,
                Head = headSpec!,
                Runs = Positive(parse.GetValue(runs), "--runs", 2, errors),
                Warmup = Positive(parse.GetValue(warmup), "--warmup", 0, errors),
                Threshold = Percent(parse.GetValue(threshold), "--threshold", errors),
                Alpha = alphaValue,
                MinimumDifferenceMs = Duration(parse.GetValue(minimum), "--min-difference", errors).TotalMilliseconds,
                Timeout = Duration(parse.GetValue(timeout), "--timeout", errors),
                JsonPath = parse.GetValue(json),
            };
            return errors.Count > 0 ? Task.FromResult(Usage(console, errors)) : CompareCommand.ExecuteAsync(settings, console, cancellationToken);
        });
        return compare;
    }

    private static Command BuildCheck(ToolConsole console)
    {
        var reports = new Argument<string[]>("reports") { Description = "Run reports (AURORA_STARTUP_REPORT files).", Arity = ArgumentArity.OneOrMore };
        var budgets = new Option<string>("--budgets") { Description = "The budget file.", Required = true };
        var check = new Command("check", "Check run reports produced elsewhere against a budget file.") { reports, budgets };
        check.SetAction(parse =>
        {
            var paths = parse.GetValue(reports) ?? [];
            var errors = new List<string>();
            RejectOptionLike(paths, errors);
            return errors.Count > 0 ? Usage(console, errors) : CheckCommand.Execute(paths, parse.GetValue(budgets)!, console);
        });
        return check;
    }

    private static Command BuildHistory(ToolConsole console)
    {
        var append = new Option<string>("--append") { Description = "The Markdown file holding the table (created when missing).", Required = true };
        var label = new Option<string>("--label") { Description = "The row's version label, e.g. v0.12.0.", Required = true };
        var from = new Option<string>("--from") { Description = "A bench result (--export-json); it is kept next to the table and linked from the row.", Required = true };
        var change = new Option<string?>("--change") { Description = "What changed (the Optimization column)." };
        var results = new Option<string?>("--results-dir") { Description = "Where result files are kept (default: the table's path without .md, e.g. docs/performance-history/)." };
        var history = new Command("history", "Add a row to the Performance History table from a bench result; before = the previous row of the same command and machine class.") { append, label, from, change, results };
        history.SetAction(parse => HistoryCommand.Execute(
            new HistorySettings
            {
                HistoryPath = parse.GetValue(append)!,
                Label = parse.GetValue(label)!,
                ResultPath = parse.GetValue(from)!,
                Change = parse.GetValue(change),
                ResultsDirectory = parse.GetValue(results),
            },
            console));
        return history;
    }

    private static Command BuildProfile(ToolConsole console)
    {
        var runs = new Option<int>("--runs", "-n") { Description = "Profiled runs, merged into one profile.", DefaultValueFactory = _ => 1 };
        var svg = new Option<string>("--export-svg") { Description = "The whole run's flame graph; one per phase is written beside it (<stem>.<phase>.svg).", DefaultValueFactory = _ => ProfileSettings.DefaultSvgPath };
        var speedscope = new Option<string>("--export-speedscope") { Description = "A speedscope file with one profile per phase.", DefaultValueFactory = _ => ProfileSettings.DefaultSpeedscopePath };
        var timeout = new Option<string>("--timeout") { Description = "Per-run limit, e.g. 30s, including the wait for the child's runtime to connect; the process tree is killed after it.", DefaultValueFactory = _ => "60s" };
        var top = new Option<int>("--top") { Description = "Frames per phase in the printed tables.", DefaultValueFactory = _ => 8 };
        var command = new Argument<string[]>("command") { Description = "The .NET command to profile, after --.", Arity = ArgumentArity.OneOrMore };
        var profile = new Command("profile", "Sample a .NET command's startup from its first managed instruction and show where each phase's time went (flame graphs, speedscope, top frames). " + NativeAotTarget.Advice)
        {
            runs, svg, speedscope, timeout, top, command,
        };
        profile.SetAction((parse, cancellationToken) =>
        {
            var errors = new List<string>();
            var argv = parse.GetValue(command) ?? [];
            RejectOptionLike(argv.Take(1), errors);
            if (argv.Length == 0 || string.IsNullOrWhiteSpace(argv[0]))
            {
                errors.Add("the command to profile is empty");
                argv = ["?"];
            }

            var settings = new ProfileSettings
            {
                Command = CommandSpec.FromArgv(argv),
                Runs = Positive(parse.GetValue(runs), "--runs", 1, errors),
                Timeout = Duration(parse.GetValue(timeout), "--timeout", errors),
                SvgPath = parse.GetValue(svg)!,
                SpeedscopePath = parse.GetValue(speedscope)!,
                Top = Positive(parse.GetValue(top), "--top", 1, errors),
            };
            return errors.Count > 0 ? Task.FromResult(Usage(console, errors)) : ProfileCommand.ExecuteAsync(settings, console, cancellationToken);
        });
        return profile;
    }

    /// <summary>
    /// System.CommandLine hands an unknown option to a string argument as a value (<c>bench --bogus -- cmd</c> would
    /// try to run <c>--bogus</c>): a command or report path that looks like an option is reported as one.
    /// </summary>
    private static void RejectOptionLike(IEnumerable<string> values, List<string> errors)
    {
        foreach (var value in values)
        {
            if (value.Length > 1 && value[0] == '-')
            {
                errors.Add($"unknown option '{value}'");
            }
        }
    }

    private static int Usage(ToolConsole console, List<string> errors)
    {
        foreach (var error in errors)
        {
            console.Warn(error);
        }

        return ExitCodes.Usage;
    }

    private static int Positive(int value, string name, int minimum, List<string> errors)
    {
        if (value < minimum)
        {
            errors.Add($"{name} must be at least {minimum.ToString(CultureInfo.InvariantCulture)}");
        }

        return value;
    }

    private static TimeSpan Duration(string? text, string name, List<string> errors)
    {
        if (!DurationText.TryParse(text, out var value))
        {
            errors.Add($"{name}: '{text}' is not a duration (e.g. 500ms, 30s, 2m)");
        }

        return value;
    }

    private static double Percent(string? text, string name, List<string> errors)
    {
        if (!PercentText.TryParse(text, out var value))
        {
            errors.Add($"{name}: '{text}' is not a percentage (e.g. 10%)");
        }

        return value;
    }

    private static Aggregate AggregateOf(string? text, List<string> errors)
    {
        if (!AggregateText.TryParse(text, out var value))
        {
            errors.Add($"--aggregate: '{text}' is not one of {AggregateText.Choices}");
        }

        return value;
    }

    private static CommandSpec? Split(string? text, string name, List<string> errors)
    {
        try
        {
            var words = CommandLineText.Split(text ?? string.Empty);
            if (words.Count > 0)
            {
                return CommandSpec.FromArgv(words);
            }

            errors.Add($"{name} is empty");
        }
        catch (FormatException ex)
        {
            errors.Add($"{name}: {ex.Message}");
        }

        return null;
    }
}
