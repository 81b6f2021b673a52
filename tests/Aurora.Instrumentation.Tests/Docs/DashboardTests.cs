using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aurora.Instrumentation.Telemetry;
using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Docs;

/// <summary>
/// docs/grafana/aurora-startup.json queries Prometheus names derived from the library's OpenTelemetry names. These
/// tests keep the two in step: every metric and label the dashboard queries must be what the OpenTelemetry →
/// Prometheus translation makes of an instrument and attribute the library really emits, and the budget lines must be
/// the sample's budget file.
/// </summary>
public sealed partial class DashboardTests
{
    private const string SolutionFile = "Aurora.Instrumentation.sln";

    // The label names the dashboard filters and groups by, from the attribute constants they come from.
    private static readonly string[] s_dashboardAttributes =
    [
        StartupAttributes.Command,
        StartupAttributes.Phase,
        StartupAttributes.BudgetLevel,
        StartupAttributes.Completed,
    ];

    private static readonly string[] s_dashboardInstruments =
    [
        StartupMetrics.Duration,
        StartupMetrics.PhaseDuration,
        StartupMetrics.BudgetOverruns,
        StartupMetrics.LazyWait,
    ];

    [Fact]
    public void Dashboard_is_valid_json_and_every_panel_has_a_datasource_and_a_target()
    {
        using var dashboard = LoadDashboard();
        var root = dashboard.RootElement;

        Assert.Equal("aurora-startup", root.GetProperty("uid").GetString());
        Assert.True(root.GetProperty("schemaVersion").GetInt32() >= 36, "schemaVersion should be a current one (~39)");
        var panels = root.GetProperty("panels").EnumerateArray().ToList();
        Assert.NotEmpty(panels);
        foreach (var panel in panels)
        {
            var title = panel.GetProperty("title").GetString();
            Assert.True(panel.TryGetProperty("datasource", out var datasource), $"panel '{title}' has no datasource");
            Assert.Equal("prometheus", datasource.GetProperty("type").GetString());
            Assert.Equal("${datasource}", datasource.GetProperty("uid").GetString());
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.True(targets.Count > 0, $"panel '{title}' has no target");
            Assert.All(targets, target => Assert.False(string.IsNullOrWhiteSpace(target.GetProperty("expr").GetString()), $"panel '{title}' has an empty query"));
        }

        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        Assert.Equal("datasource", variables["datasource"].GetProperty("type").GetString());
        Assert.Equal("prometheus", variables["datasource"].GetProperty("query").GetString());
        Assert.Equal(
            "label_values(aurora_startup_duration_seconds_count, aurora_command)",
            variables["command"].GetProperty("query").GetProperty("query").GetString());
    }

    [Fact]
    public void Every_queried_metric_and_label_is_the_Prometheus_name_of_a_library_instrument_or_attribute()
    {
        var instruments = PublishedLibraryInstruments();
        var expectedMetrics = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in s_dashboardInstruments)
        {
            Assert.True(instruments.TryGetValue(name, out var instrument), $"the library publishes no instrument '{name}'");
            foreach (var series in PrometheusSeriesNames(instrument!.Name, instrument.Unit, instrument))
            {
                expectedMetrics[series] = name;
            }
        }

        var expectedLabels = s_dashboardAttributes.ToDictionary(PrometheusLabelName, a => a, StringComparer.Ordinal);

        using var dashboard = LoadDashboard();
        var queried = QueriedNames(dashboard.RootElement);
        Assert.NotEmpty(queried);

        var queriedMetrics = new HashSet<string>(StringComparer.Ordinal);
        var queriedLabels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in queried)
        {
            if (expectedMetrics.ContainsKey(name))
            {
                queriedMetrics.Add(name);
            }
            else if (expectedLabels.ContainsKey(name))
            {
                queriedLabels.Add(name);
            }
            else
            {
                Assert.Fail($"the dashboard queries '{name}', which is neither the Prometheus name of an Aurora.Startup instrument ({string.Join(", ", expectedMetrics.Keys.Order(StringComparer.Ordinal))}) nor of a known attribute ({string.Join(", ", expectedLabels.Keys)})");
            }
        }

        // Every instrument of the contract has a panel, and every label the brief's panels need is used.
        Assert.Equal(
            s_dashboardInstruments.Order(StringComparer.Ordinal),
            queriedMetrics.Select(m => expectedMetrics[m]).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(expectedLabels.Keys.Order(StringComparer.Ordinal), queriedLabels.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_instrument_the_dashboard_queries_is_emitted_by_the_library_with_the_labels_it_uses()
    {
        var command = TestTimelines.UniqueCommand("dashboard");
        // The lazy-wait histogram carries only aurora.phase, so this test's lazy gets a phase id of its own.
        var lazyPhase = TestTimelines.UniqueCommand("dashboard_lazy");
        var library = StartupInstruments.Metrics.Meter;
        var published = new ConcurrentDictionary<string, Instrument>(StringComparer.Ordinal);
        var measurements = new ConcurrentQueue<(string Instrument, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, library))
                {
                    published[instrument.Name] = instrument;
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Collect(instrument, tags));
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Collect(instrument, tags));
        listener.Start();

        var budgets = BudgetSet.Parse("""{ "commands": { "*": { "phases": { "config": "100ms" } } } }""", "dashboard.budgets.json");
        Assert.Empty(budgets.Errors);
        var clock = TestTimelines.NewClock();
        var options = TestTimelines.Options(clock);
        options.Budgets = budgets.Budgets;
        using (var timeline = StartupTimeline.Start(command, options))
        {
            using (timeline.BeginPhase(StartupPhases.Config))
            {
                clock.Advance(TimeSpan.FromMilliseconds(300));
            }

            using var lazy = timeline.CreateLazy(lazyPhase, () => 42);
            Assert.Equal(42, lazy.Value);
            Assert.Equal(42, lazy.Value); // a caller that finds the value ready: a zero wait, recorded until ready
            timeline.MarkReady();
        }

        var total = Assert.Single(measurements, m => m.Instrument == StartupMetrics.Duration);
        Assert.Equal(true, total.Tags[StartupAttributes.Completed]);
        var phase = Assert.Single(measurements, m => m.Instrument == StartupMetrics.PhaseDuration && Equals(m.Tags[StartupAttributes.Phase], StartupPhases.Config));
        Assert.Contains(StartupAttributes.Command, phase.Tags.Keys);
        var overrun = Assert.Single(measurements, m => m.Instrument == StartupMetrics.BudgetOverruns);
        Assert.Equal(StartupPhases.Config, overrun.Tags[StartupAttributes.Phase]);
        Assert.Contains(StartupAttributes.BudgetLevel, overrun.Tags.Keys);
        Assert.Contains(measurements, m => m.Instrument == StartupMetrics.LazyWait && Equals(m.Tags[StartupAttributes.Phase], lazyPhase));

        // Kinds and units as published, which the Prometheus names derive from.
        Assert.IsType<Histogram<double>>(published[StartupMetrics.LazyWait]);
        Assert.IsType<Counter<long>>(published[StartupMetrics.BudgetOverruns]);
        Assert.Equal("{overrun}", published[StartupMetrics.BudgetOverruns].Unit);
        Assert.All([StartupMetrics.Duration, StartupMetrics.PhaseDuration, StartupMetrics.LazyWait], name => Assert.Equal("s", published[name].Unit));

        void Collect(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                dictionary[tag.Key] = tag.Value;
            }

            if (Equals(dictionary.GetValueOrDefault(StartupAttributes.Command), command) || Equals(dictionary.GetValueOrDefault(StartupAttributes.Phase), lazyPhase))
            {
                measurements.Enqueue((instrument.Name, dictionary));
            }
        }
    }

    [Fact]
    public void Budget_lines_are_the_budgets_of_the_sample_budget_file()
    {
        var budgets = SampleBudgets();
        using var dashboard = LoadDashboard();
        var phaseLines = new Dictionary<string, double>(StringComparer.Ordinal);
        var totalLines = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            var fieldConfig = panel.GetProperty("fieldConfig");
            var defaults = fieldConfig.GetProperty("defaults");
            if (IsLineStyle(defaults))
            {
                // A panel with a budget line shows one phase: the one its queries select.
                var phases = panel.GetProperty("targets").EnumerateArray()
                    .Select(t => PhaseSelector().Match(t.GetProperty("expr").GetString()!))
                    .Select(m => m.Success ? m.Groups[1].Value : null)
                    .Distinct()
                    .ToList();
                var phase = Assert.Single(phases);
                Assert.NotNull(phase);
                phaseLines.Add(phase, Assert.Single(BudgetValues(defaults)));
            }

            foreach (var fieldOverride in fieldConfig.GetProperty("overrides").EnumerateArray())
            {
                var properties = fieldOverride.GetProperty("properties").EnumerateArray().ToList();
                var thresholds = properties.SingleOrDefault(p => p.GetProperty("id").GetString() == "thresholds");
                if (thresholds.ValueKind == JsonValueKind.Undefined)
                {
                    continue;
                }

                Assert.Contains(properties, p => p.GetProperty("id").GetString() == "custom.thresholdsStyle" && p.GetProperty("value").GetProperty("mode").GetString() == "line");
                var matcher = CommandMatcher().Match(fieldOverride.GetProperty("matcher").GetProperty("options").GetString()!);
                Assert.True(matcher.Success, "a budget-line override must match the series of one command");
                totalLines.Add(matcher.Groups[1].Value, Assert.Single(BudgetValues(thresholds)));
            }
        }

        Assert.Equal(budgets.Phases.OrderBy(p => p.Key, StringComparer.Ordinal), phaseLines.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(budgets.Totals.OrderBy(p => p.Key, StringComparer.Ordinal), totalLines.OrderBy(p => p.Key, StringComparer.Ordinal));

        static bool IsLineStyle(JsonElement defaults)
            => defaults.TryGetProperty("custom", out var custom)
               && custom.TryGetProperty("thresholdsStyle", out var style)
               && style.GetProperty("mode").GetString() == "line";

        // Threshold steps after the base step (value null) are the lines Grafana draws.
        static IEnumerable<double> BudgetValues(JsonElement withThresholds)
        {
            var thresholds = withThresholds.TryGetProperty("value", out var value) ? value : withThresholds.GetProperty("thresholds");
            return thresholds.GetProperty("steps").EnumerateArray()
                .Select(s => s.GetProperty("value"))
                .Where(v => v.ValueKind == JsonValueKind.Number)
                .Select(v => v.GetDouble());
        }
    }

    [Theory]
    [InlineData("aurora.startup.duration", "s", "histogram", "aurora_startup_duration_seconds")]
    [InlineData("aurora.startup.budget.overruns", "{overrun}", "counter", "aurora_startup_budget_overruns_total")]
    [InlineData("system.network.dropped", "{packets}", "gauge", "system_network_dropped")]
    [InlineData("system.filesystem.usage", "By", "gauge", "system_filesystem_usage_bytes")]
    [InlineData("system.processes.created", "", "counter", "system_processes_created_total")]
    public void Prometheus_base_names_follow_the_documented_translation(string name, string unit, string kind, string expected)
        => Assert.Equal(expected, PrometheusBaseName(name, unit, isCounter: kind == "counter"));

    /// <summary>
    /// The OpenTelemetry → Prometheus name translation (pkg/translator/prometheus, default
    /// UnderscoreEscapingWithSuffixes), for the units our instruments use: dots become underscores, a UCUM unit is
    /// appended in its Prometheus spelling (<c>s</c> → <c>_seconds</c>), a unit in braces is an annotation and dropped,
    /// and a monotonic counter gets <c>_total</c>.
    /// </summary>
    private static string PrometheusBaseName(string name, string? unit, bool isCounter)
    {
        var baseName = name.Replace('.', '_');
        var suffix = unit switch
        {
            null or "" => null,
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            _ when unit.StartsWith('{') && unit.EndsWith('}') => null,
            _ => throw new NotSupportedException($"unit '{unit}' is not one this test maps; extend it following pkg/translator/prometheus"),
        };
        if (suffix is not null && !baseName.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            baseName += "_" + suffix;
        }

        return isCounter ? baseName + "_total" : baseName;
    }

    /// <summary>The series names Prometheus stores for an instrument: a histogram becomes <c>_bucket</c>, <c>_sum</c> and <c>_count</c>.</summary>
    private static IEnumerable<string> PrometheusSeriesNames(string name, string? unit, Instrument instrument)
    {
        var isCounter = instrument is Counter<long> or Counter<double>;
        var baseName = PrometheusBaseName(name, unit, isCounter);
        if (instrument is Histogram<double> or Histogram<long>)
        {
            return [baseName + "_bucket", baseName + "_sum", baseName + "_count"];
        }

        return [baseName];
    }

    private static string PrometheusLabelName(string attribute) => attribute.Replace('.', '_');

    private static Dictionary<string, Instrument> PublishedLibraryInstruments()
    {
        var library = StartupInstruments.Metrics.Meter;
        var published = new Dictionary<string, Instrument>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            // Start() replays every instrument already published; the meter and all four instruments exist once
            // StartupInstruments.Metrics has been read above.
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter, library))
                {
                    published[instrument.Name] = instrument;
                }
            },
        };
        listener.Start();
        return published;
    }

    /// <summary>Every <c>aurora_…</c> name in the PromQL of the panels and of the query variables.</summary>
    private static List<string> QueriedNames(JsonElement root)
    {
        var queries = new List<string>();
        foreach (var panel in root.GetProperty("panels").EnumerateArray())
        {
            queries.AddRange(panel.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!));
        }

        foreach (var variable in root.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            if (variable.GetProperty("type").GetString() == "query")
            {
                var query = variable.GetProperty("query");
                queries.Add(query.ValueKind == JsonValueKind.String ? query.GetString()! : query.GetProperty("query").GetString()!);
            }
        }

        return queries.SelectMany(q => AuroraName().Matches(q).Select(m => m.Value)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The phase and total budgets (seconds) of samples/Aurora.Cli/aurora.budgets.json, read with the library's own duration grammar.</summary>
    private static (Dictionary<string, double> Phases, Dictionary<string, double> Totals) SampleBudgets()
    {
        var path = Path.Combine(RepositoryRoot(), "samples", "Aurora.Cli", "aurora.budgets.json");
        using var file = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var commands = file.RootElement.GetProperty("commands");
        var phases = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var phase in commands.GetProperty("*").GetProperty("phases").EnumerateObject())
        {
            phases.Add(phase.Name, Seconds(phase.Value));
        }

        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var command in commands.EnumerateObject())
        {
            if (command.Value.TryGetProperty("total", out var total))
            {
                totals.Add(command.Name, Seconds(total));
            }
        }

        return (phases, totals);

        static double Seconds(JsonElement value)
        {
            var text = value.ValueKind == JsonValueKind.Object ? value.GetProperty("budget").GetString() : value.GetString();
            Assert.True(BudgetDuration.TryParse(text, out var duration, out var error), error);
            return duration.TotalSeconds;
        }
    }

    private static JsonDocument LoadDashboard()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "grafana", "aurora-startup.json");
        Assert.True(File.Exists(path), $"dashboard not found at {path}");
        return JsonDocument.Parse(File.ReadAllBytes(path));
    }

    /// <summary>
    /// The checkout this test was built from: the first directory holding the solution, walking up from the test's
    /// output. The output may live outside the tree (AURORA_ARTIFACTS), so the working directory and this source file's
    /// compile-time path are tried next.
    /// </summary>
    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        string?[] starts = [AppContext.BaseDirectory, Environment.CurrentDirectory, Path.GetDirectoryName(sourceFile)];
        foreach (var start in starts)
        {
            for (var directory = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"no directory containing {SolutionFile} above {string.Join(" or ", starts)}"));
    }

    [GeneratedRegex("aurora_[a-z_]+")]
    private static partial Regex AuroraName();

    [GeneratedRegex("aurora_phase=\"([a-z_]+)\"")]
    private static partial Regex PhaseSelector();

    [GeneratedRegex(@"^\^([a-z_]+) ")]
    private static partial Regex CommandMatcher();
}
