using Aurora.Instrumentation.OpenTelemetry.Export;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Export;

public sealed class TelemetrySettingsTests
{
    [Fact]
    public void Auto_without_an_endpoint_is_off()
        => Assert.Equal(AuroraTelemetryMode.Off, Resolve([]).Mode);

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")]
    public void Auto_with_an_endpoint_is_otlp(string variable)
        => Assert.Equal(AuroraTelemetryMode.Otlp, Resolve(new() { [variable] = "http://127.0.0.1:4317" }).Mode);

    [Theory]
    [InlineData("otlp", AuroraTelemetryMode.Otlp)]
    [InlineData("CONSOLE", AuroraTelemetryMode.Console)]
    [InlineData("off", AuroraTelemetryMode.Off)]
    [InlineData(" auto ", AuroraTelemetryMode.Off)]
    public void Mode_comes_from_AURORA_TELEMETRY(string value, AuroraTelemetryMode expected)
        => Assert.Equal(expected, Resolve(new() { ["AURORA_TELEMETRY"] = value }).Mode);

    [Fact]
    public void The_sampler_is_resolved_with_the_rest_and_its_warning_reported_with_the_others()
    {
        var settings = Resolve(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317",
            ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio",
            ["OTEL_TRACES_SAMPLER_ARG"] = "2",
        });

        Assert.Equal(1.0, settings.Sampler.Ratio);
        Assert.Contains("OTEL_TRACES_SAMPLER_ARG '2'", Assert.Single(settings.Warnings));
        Assert.Same(TraceSampler.Default, Resolve(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317" }).Sampler);
    }

    [Fact]
    public void Unknown_mode_warns_once_and_uses_auto()
    {
        var settings = Resolve(new() { ["AURORA_TELEMETRY"] = "jaeger", ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317" });
        Assert.Equal(AuroraTelemetryMode.Otlp, settings.Mode);
        var warning = Assert.Single(settings.Warnings);
        Assert.Contains("AURORA_TELEMETRY 'jaeger'", warning);
        Assert.Contains("using auto", warning);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    public void OTEL_SDK_DISABLED_switches_every_mode_off(string value)
    {
        Assert.Equal(AuroraTelemetryMode.Off, Resolve(new() { ["OTEL_SDK_DISABLED"] = value, ["AURORA_TELEMETRY"] = "console" }).Mode);
        Assert.Equal(AuroraTelemetryMode.Off, Resolve(new() { ["OTEL_SDK_DISABLED"] = value, ["AURORA_TELEMETRY"] = "otlp" }).Mode);
        Assert.Equal(AuroraTelemetryMode.Off, Resolve(new() { ["OTEL_SDK_DISABLED"] = value }, new AuroraTelemetryOptions { Mode = AuroraTelemetryMode.Otlp }).Mode);
    }

    [Fact]
    public void OTEL_SDK_DISABLED_false_changes_nothing()
        => Assert.Equal(AuroraTelemetryMode.Otlp, Resolve(new() { ["OTEL_SDK_DISABLED"] = "false", ["AURORA_TELEMETRY"] = "otlp" }).Mode);

    [Fact]
    public void Flush_budget_defaults_to_50_ms_interactive_and_2_s_in_CI()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(50), Resolve(new() { ["AURORA_TELEMETRY"] = "otlp" }).FlushBudget);
        Assert.Equal(TimeSpan.FromMilliseconds(2000), Resolve(new() { ["AURORA_TELEMETRY"] = "otlp", ["CI"] = "true" }).FlushBudget);
        Assert.Equal(TimeSpan.FromMilliseconds(50), Resolve(new() { ["AURORA_TELEMETRY"] = "otlp", ["CI"] = "false" }).FlushBudget);
    }

    [Fact]
    public void Flush_budget_comes_from_AURORA_EXPORT_FLUSH_MS()
        => Assert.Equal(TimeSpan.FromMilliseconds(125), Resolve(new() { ["AURORA_TELEMETRY"] = "otlp", ["AURORA_EXPORT_FLUSH_MS"] = "125" }).FlushBudget);

    [Theory]
    [InlineData("fast")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("99999999")]
    public void Bad_flush_budget_warns_once_and_uses_the_default(string value)
    {
        var settings = Resolve(new() { ["AURORA_TELEMETRY"] = "otlp", ["AURORA_EXPORT_FLUSH_MS"] = value, ["CI"] = "1" });
        Assert.Equal(TimeSpan.FromMilliseconds(2000), settings.FlushBudget);
        var warning = Assert.Single(settings.Warnings);
        Assert.Contains($"AURORA_EXPORT_FLUSH_MS '{value}'", warning);
        Assert.Contains("using 2000 ms", warning);
    }

    [Fact]
    public void Spool_directory_follows_AURORA_SPOOL_DIR_then_XDG_CACHE_HOME_then_HOME()
    {
        Assert.Equal("/x/spool", Resolve(new() { ["AURORA_TELEMETRY"] = "otlp", ["AURORA_SPOOL_DIR"] = "/x/spool", ["XDG_CACHE_HOME"] = "/c" }).SpoolDirectory);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(Path.Combine("/c", "aurora", "telemetry"), Resolve(new() { ["AURORA_TELEMETRY"] = "otlp", ["XDG_CACHE_HOME"] = "/c", ["HOME"] = "/h" }).SpoolDirectory);
            Assert.Equal(Path.Combine("/h", ".cache", "aurora", "telemetry"), Resolve(new() { ["AURORA_TELEMETRY"] = "otlp", ["HOME"] = "/h" }).SpoolDirectory);
            Assert.Equal(Path.Combine("/h", ".cache", "aurora", "telemetry"), Resolve(new() { ["AURORA_TELEMETRY"] = "otlp", ["XDG_CACHE_HOME"] = "relative", ["HOME"] = "/h" }).SpoolDirectory);
        }
    }

    [Fact]
    public void Options_win_over_the_environment()
    {
        var settings = Resolve(
            new() { ["AURORA_TELEMETRY"] = "off", ["AURORA_EXPORT_FLUSH_MS"] = "bad", ["AURORA_SPOOL_DIR"] = "/env" },
            new AuroraTelemetryOptions { Mode = AuroraTelemetryMode.Otlp, FlushBudget = TimeSpan.FromMilliseconds(7), SpoolDirectory = "/opt" });
        Assert.Equal(AuroraTelemetryMode.Otlp, settings.Mode);
        Assert.Equal(TimeSpan.FromMilliseconds(7), settings.FlushBudget);
        Assert.Equal("/opt", settings.SpoolDirectory);
        Assert.Empty(settings.Warnings);
    }

    private static TelemetrySettings Resolve(Dictionary<string, string?> env, AuroraTelemetryOptions? options = null)
    {
        options ??= new AuroraTelemetryOptions();
        options.GetEnvironmentVariable = key => env.GetValueOrDefault(key);
        return TelemetrySettings.Resolve(options);
    }
}
