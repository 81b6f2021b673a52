using Microsoft.Extensions.Configuration;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Configuration;

public sealed class BudgetConfigurationTests
{
    private static IConfiguration InMemory(params (string Key, string? Value)[] values)
        => new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    [Fact]
    public void In_memory_settings_read_in_the_budget_file_shape()
    {
        var configuration = InMemory(
            ("Aurora:Budgets:Commands:*:Phases:config", "500ms"),
            ("Aurora:Budgets:Commands:*:Phases:store_init:Budget", "100ms"),
            ("Aurora:Budgets:Commands:*:Phases:store_init:Level", "error"),
            ("Aurora:Budgets:Commands:*:Phases:store_init:Tolerance", "10%"),
            ("Aurora:Budgets:Commands:soar:Total", "3s"),
            ("Aurora:Budgets:Commands:init:Phases:config:Budget", "1s"),
            ("Aurora:Budgets:Commands:init:Phases:config:Level", "off"));

        var result = configuration.GetSection(BudgetConfigurationExtensions.DefaultSectionPath).ReadBudgets();

        Assert.Empty(result.Errors);
        var budgets = result.Budgets;
        Assert.Equal(TimeSpan.FromMilliseconds(500), budgets.Find("soar", "config")!.Limit);
        var store = budgets.Find("goals", "store_init")!;
        Assert.Equal(BudgetLevel.Error, store.Level);
        Assert.Equal(TimeSpan.FromMilliseconds(10), store.Tolerance);
        Assert.Equal(TimeSpan.FromSeconds(3), budgets.Find("soar", BudgetSet.Total)!.Limit);
        Assert.Null(budgets.Find("goals", BudgetSet.Total));
        Assert.Null(budgets.Find("init", "config"));
    }

    [Fact]
    public void An_appsettings_json_file_binds_the_same_way_as_the_budget_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "aurora-appsettings-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, """
            {
              "Logging": { "LogLevel": { "Default": "Information" } },
              "Aurora": {
                "Budgets": {
                  "Commands": {
                    "*":     { "Phases": { "runtime": "2s", "config": "500ms", "store_init": "100ms", "agent_discovery": "1s" } },
                    "soar":  { "Total": "3s" },
                    "goals": { "Total": { "Budget": "5s", "Level": "error", "Tolerance": "250ms" } },
                    "init":  { "Total": "7s" }
                  }
                }
              }
            }
            """);
        try
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
            var result = configuration.GetSection("Aurora:Budgets").ReadBudgets();
            Assert.Empty(result.Errors);
            Assert.Equal(7, result.Budgets.Count);
            var fromFile = BudgetSet.Parse("""
                { "commands": {
                    "*":     { "phases": { "runtime": "2s", "config": "500ms", "store_init": "100ms", "agent_discovery": "1s" } },
                    "soar":  { "total": "3s" },
                    "goals": { "total": { "budget": "5s", "level": "error", "tolerance": "250ms" } },
                    "init":  { "total": "7s" } } }
                """, "aurora.budgets.json").Budgets;
            foreach (var command in new[] { "soar", "goals", "init", "other" })
            {
                foreach (var phase in new[] { "runtime", "config", "store_init", "agent_discovery", "total", "model_load" })
                {
                    Assert.Equal(fromFile.Find(command, phase)?.ToString(), result.Budgets.Find(command, phase)?.ToString());
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Section_keys_are_case_insensitive_but_phase_ids_are_exact()
    {
        var configuration = InMemory(
            ("aurora:budgets:commands:soar:total", "3s"),
            ("Aurora:Budgets:COMMANDS:soar:PHASES:config", "500ms"),
            ("Aurora:Budgets:Commands:soar:Phases:Store_Init", "100ms"));
        var result = configuration.GetSection("Aurora:Budgets").ReadBudgets();
        Assert.NotNull(result.Budgets.Find("soar", "total"));
        Assert.NotNull(result.Budgets.Find("soar", "config"));
        var error = Assert.Single(result.Errors);
        Assert.Equal("Commands:soar:Phases:Store_Init", error.Key, ignoreCase: true);
        Assert.Contains("is not a phase id", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string?, string, string> BadSettings => new()
    {
        // setting key (under Aurora:Budgets), value, expected error key, expected message fragment
        { "Commands:soar:Total", "3", "Commands:soar:Total", "'3' has no unit" },
        { "Commands:soar:Total", "2h", "Commands:soar:Total", "unknown unit 'h'" },
        { "Commands:soar:Total", "-1s", "Commands:soar:Total", "is negative" },
        { "Commands:soar:Total", "", "Commands:soar:Total", "the duration is empty" },
        { "Commands:soar:Total", "0s", "Commands:soar:Total", "must be longer than 0" },
        { "Commands:soar:Total:Level", "fatal", "Commands:soar:Total", "missing \"Budget\"" },
        { "Commands:soar:Total:Budget", "2 s", "Commands:soar:Total:Budget", "contains whitespace" },
        { "Commands:soar:config", "2s", "Commands:soar:config", "unknown key (expected \"Total\" or \"Phases\")" },
        { "Commands:soar", "2s", "Commands:soar", "expected a section with \"Total\" and/or \"Phases\"" },
        { "Commands:soar:Phases", "2s", "Commands:soar:Phases", "expected a section of phase budgets" },
        { "Budgets", "x", "Budgets", "unknown key (expected \"Commands\")" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Each_bad_setting_is_one_error_naming_the_section_and_key(string key, string? value, string errorKey, string message)
    {
        var configuration = InMemory(("Aurora:Budgets:" + key, value), ("Aurora:Budgets:Commands:goals:Total", "5s"));
        var result = configuration.GetSection("Aurora:Budgets").ReadBudgets();
        var error = Assert.Single(result.Errors);
        Assert.Equal("Aurora:Budgets", error.File);
        Assert.Equal(0, error.Line);
        Assert.Equal(errorKey, error.Key);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal($"Aurora:Budgets: {errorKey}: {error.Message}", error.ToString());
        Assert.NotNull(result.Budgets.Find("goals", "total"));
    }

    [Fact]
    public void Bad_level_and_tolerance_fall_back_and_keep_the_budget()
    {
        var configuration = InMemory(
            ("Aurora:Budgets:Commands:soar:Total:Budget", "3s"),
            ("Aurora:Budgets:Commands:soar:Total:Level", "loud"),
            ("Aurora:Budgets:Commands:soar:Total:Tolerance", "lots"));
        var result = configuration.GetSection("Aurora:Budgets").ReadBudgets();
        Assert.Equal(["Commands:soar:Total:Level", "Commands:soar:Total:Tolerance"], result.Errors.Select(e => e.Key));
        var budget = result.Budgets.Find("soar", "total")!;
        Assert.Equal(BudgetLevel.Warn, budget.Level);
        Assert.Equal(TimeSpan.Zero, budget.Tolerance);
    }

    [Fact]
    public void Unknown_keys_in_an_entry_are_reported_and_the_budget_kept()
    {
        var configuration = InMemory(("Aurora:Budgets:Commands:soar:Total:Budget", "3s"), ("Aurora:Budgets:Commands:soar:Total:Limit", "4s"));
        var result = configuration.GetSection("Aurora:Budgets").ReadBudgets();
        var error = Assert.Single(result.Errors);
        Assert.Equal("Commands:soar:Total:Limit", error.Key);
        Assert.Contains("unknown key (expected \"Budget\", \"Level\" or \"Tolerance\")", error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(3), result.Budgets.Find("soar", "total")!.Limit);
    }

    [Fact]
    public void A_missing_section_is_no_budgets_and_no_errors()
    {
        var result = InMemory(("Other:Key", "1")).GetSection("Aurora:Budgets").ReadBudgets();
        Assert.Empty(result.Errors);
        Assert.Equal(0, result.Budgets.Count);
    }

    [Fact]
    public void GetBudgets_writes_each_error_to_the_sink()
    {
        using var writer = new StringWriter();
        var configuration = InMemory(("Aurora:Budgets:Commands:soar:Total", "3x"), ("Aurora:Budgets:Commands:goals:Total", "5s"));
        var budgets = configuration.GetSection("Aurora:Budgets").GetBudgets(new StandardErrorMessageSink(writer));
        Assert.Equal(1, budgets.Count);
        Assert.Equal(
            "aurora: budget settings Aurora:Budgets: Commands:soar:Total: '3x' has an unknown unit 'x' (expected us, ms, s or m); this budget is ignored" + Environment.NewLine,
            writer.ToString());
    }

    [Fact]
    public void Budgets_from_settings_drive_the_timeline()
    {
        var configuration = InMemory(("Aurora:Budgets:Commands:*:Phases:config", "100ms"));
        var sink = new RecordingSink();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        using var timeline = StartupTimeline.Start("soar", new StartupTimelineOptions
        {
            TimeProvider = clock,
            ProcessStartTime = clock.GetUtcNow(),
            MessageSink = sink,
            Budgets = configuration.GetSection("Aurora:Budgets").GetBudgets(sink),
            BudgetMode = BudgetMode.Warn,
        });
        using (timeline.BeginPhase("config"))
        {
            // The live check may fire during the advance; either way the overrun is reported once.
            clock.Advance(TimeSpan.FromMilliseconds(150));
        }

        Assert.Single(sink.Messages);
        Assert.True(timeline.CreateReport().FindPhase("config")!.Exceeded);
    }

    private sealed class RecordingSink : IStartupMessageSink
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<StartupMessage> _messages = new();

        public IReadOnlyList<StartupMessage> Messages => [.. _messages];

        public void Write(in StartupMessage message) => _messages.Enqueue(message);
    }
}
