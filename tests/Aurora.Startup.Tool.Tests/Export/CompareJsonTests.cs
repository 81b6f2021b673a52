using System.Text;
using System.Text.Json;
using Aurora.Instrumentation.Testing.Measurements;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Instrumentation.Testing.Tests.Fakes;
using Aurora.Startup.Tool.Compare;
using Aurora.Startup.Tool.Export;
using Aurora.Startup.Tool.Statistics;
using Aurora.Startup.Tool.Tests.Compare;

namespace Aurora.Startup.Tool.Tests.Export;

public class CompareJsonTests
{
    /// <summary>One warm-up pair and eight measured pairs, run as the schedule says; head's run 2 failed.</summary>
    private static CompareResult Result()
    {
        var settings = new CompareSettings
        {
            Base = CommandSpec.FromArgv(["dotnet", "base/aur.dll", "soar", "q"]),
            Head = CommandSpec.FromArgv(["dotnet", "head/aur.dll", "soar", "q"]),
            Runs = 8,
            Warmup = 1,
            MinimumDifferenceMs = 1,
        };
        var schedule = InterleavedSchedule.Build(settings.Warmup, settings.Runs);
        var runs = schedule.Select((run, position) => new ComparedRun(
            run,
            position % 2 == 0,
            run.Side == Side.Head && run.Index == 2 && !run.Warmup ? RunPairsTests.Failed()
                : RunPairsTests.Ok(config: (run.Side == Side.Base ? 10 : 15) + run.Index, total: 100 + run.Index))).ToList();
        var measured = runs.Where(r => !r.Schedule.Warmup).ToList();
        var baseRuns = measured.Where(r => r.Schedule.Side == Side.Base).OrderBy(r => r.Schedule.Index).Select(r => r.Outcome);
        var headRuns = measured.Where(r => r.Schedule.Side == Side.Head).OrderBy(r => r.Schedule.Index).Select(r => r.Outcome);
        return new CompareResult
        {
            Settings = settings,
            CreatedAt = new DateTimeOffset(2026, 11, 27, 9, 30, 0, TimeSpan.Zero),
            Runs = runs,
            Comparisons = CompareCommand.Compare(SeriesBuilder.Build(baseRuns), SeriesBuilder.Build(headRuns), new ComparisonRule(MinimumDifferenceMs: 1)),
        };
    }

    private static JsonDocument Parse(CompareResult result)
    {
        using var buffer = new MemoryStream();
        CompareJson.Write(result, buffer);
        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void Json_has_the_documented_schema()
    {
        using var document = Parse(Result());
        var root = document.RootElement;

        Assert.Equal("aurora.startup.compare/1", root.GetProperty("schema").GetString());
        Assert.Equal("dotnet base/aur.dll soar q", root.GetProperty("base").GetString());
        Assert.Equal("dotnet head/aur.dll soar q", root.GetProperty("head").GetString());
        Assert.Equal(8, root.GetProperty("runs").GetInt32());
        Assert.Equal(1, root.GetProperty("warmup").GetInt32());
        var rule = root.GetProperty("rule");
        Assert.Equal(0.1, rule.GetProperty("threshold").GetDouble());
        Assert.Equal(0.05, rule.GetProperty("alpha").GetDouble());
        Assert.Equal(1, rule.GetProperty("minDifferenceMs").GetDouble());
        Assert.Equal(ComparisonRule.MinimumPairs, rule.GetProperty("minimumPairs").GetInt32());
        Assert.Equal("pratt", rule.GetProperty("zeros").GetString());
        Assert.True(root.GetProperty("machine").GetProperty("processors").GetInt32() > 0);
        Assert.Equal("2026-11-27T09:30:00.0000000+00:00", root.GetProperty("createdAt").GetString());
    }

    [Fact]
    public void Every_run_is_listed_with_its_pair_side_and_values()
    {
        using var document = Parse(Result());
        var runs = document.RootElement.GetProperty("runResults").EnumerateArray().ToList();

        Assert.Equal(18, runs.Count);
        Assert.Equal(2, runs.Count(r => r.GetProperty("warmup").GetBoolean()));

        // Measured pair 0 is the schedule's second pair, so head goes first.
        var pair0 = runs.Where(r => !r.GetProperty("warmup").GetBoolean() && r.GetProperty("pair").GetInt32() == 0).ToList();
        Assert.Equal(["head", "base"], pair0.Select(r => r.GetProperty("side").GetString()));
        Assert.Equal([true, false], pair0.Select(r => r.GetProperty("first").GetBoolean()));

        var base3 = runs.Single(r => !r.GetProperty("warmup").GetBoolean() && r.GetProperty("pair").GetInt32() == 3 && r.GetProperty("side").GetString() == "base");
        Assert.Equal("ok", base3.GetProperty("status").GetString());
        Assert.Equal(13, base3.GetProperty("phasesMs").GetProperty("config").GetDouble());
        Assert.Equal(2, base3.GetProperty("phasesMs").GetProperty("store_init").GetDouble());
        Assert.Equal(103, base3.GetProperty("totalMs").GetDouble());
        Assert.Equal(150, base3.GetProperty("wallMs").GetDouble());
        Assert.Equal(JsonValueKind.Null, base3.GetProperty("error").ValueKind);

        var failed = runs.Single(r => !r.GetProperty("warmup").GetBoolean() && r.GetProperty("pair").GetInt32() == 2 && r.GetProperty("side").GetString() == "head");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(9, failed.GetProperty("exitCode").GetInt32());
        Assert.Equal("exit code 9", failed.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("totalMs").ValueKind);
        Assert.Empty(failed.GetProperty("phasesMs").EnumerateObject());
    }

    [Fact]
    public void Every_comparison_is_listed_with_raw_and_adjusted_p_values()
    {
        var result = Result();
        using var document = Parse(result);
        var comparisons = document.RootElement.GetProperty("comparisons").EnumerateArray().ToList();

        Assert.Equal(result.Comparisons.Select(c => c.Metric), comparisons.Select(c => c.GetProperty("metric").GetString()));
        var config = comparisons[0];
        var expected = result.Comparisons[0];
        Assert.Equal("wilcoxon-signed-rank", config.GetProperty("test").GetString());
        Assert.Equal(7, config.GetProperty("pairs").GetInt32());
        Assert.Equal(8, config.GetProperty("baseCount").GetInt32());
        Assert.Equal(7, config.GetProperty("headCount").GetInt32());
        Assert.Equal(expected.BaseMedian, config.GetProperty("baseMedianMs").GetDouble(), 3);
        Assert.Equal(expected.HeadMedian, config.GetProperty("headMedianMs").GetDouble(), 3);
        Assert.Equal(expected.Ratio, config.GetProperty("ratio").GetDouble());
        Assert.Equal(expected.RatioLower, config.GetProperty("ratioLower").GetDouble());
        Assert.Equal(expected.RatioUpper, config.GetProperty("ratioUpper").GetDouble());
        Assert.Equal(expected.DifferenceMs, config.GetProperty("differenceMs").GetDouble(), 3);

        // Unrounded: 2⁻⁷ survives exactly.
        Assert.Equal(1.0 / 128, config.GetProperty("pSlower").GetDouble());
        Assert.Equal(expected.RawP.Faster, config.GetProperty("pFaster").GetDouble());
        Assert.Equal(expected.AdjustedP.Slower, config.GetProperty("pSlowerAdjusted").GetDouble());
        Assert.Equal(expected.AdjustedP.Faster, config.GetProperty("pFasterAdjusted").GetDouble());
        Assert.Equal("slower", config.GetProperty("verdict").GetString());
    }

    [Fact]
    public void File_is_written_with_its_directory()
    {
        using var temp = new TempDirectory();
        var path = temp.File(Path.Combine("nested", "compare.json"));

        CompareJson.WriteFile(Result(), path);

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(CompareJson.SchemaId, document.RootElement.GetProperty("schema").GetString());
    }
}
