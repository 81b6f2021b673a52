using System.Text.Json;
using System.Xml.Linq;
using Aurora.Startup.Tool.Profile;

namespace Aurora.Startup.Tool.Tests.Profile;

/// <summary>The SVG and speedscope writers on a result with known samples.</summary>
public sealed class ProfileWriterTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void The_speedscope_file_is_valid_and_has_one_profile_per_phase_with_stacks_from_the_root()
    {
        var result = KnownResult();
        using var buffer = new MemoryStream();

        SpeedscopeFile.Write(result, "dotnet aur.dll soar q", buffer);

        using var json = JsonDocument.Parse(buffer.ToArray());
        Assert.Empty(SpeedscopeSchema.Validate(json.RootElement));
        var frames = json.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        var profiles = json.RootElement.GetProperty("profiles").EnumerateArray().ToList();

        // Every phase (the unsampled one too), then the non-phase slices that hold samples.
        Assert.Equal(["runtime", "store_init", "agent_discovery", ProfileSlice.UnattributedName], profiles.Select(p => p.GetProperty("name").GetString()));
        var store = profiles[1];
        var stacks = store.GetProperty("samples").EnumerateArray().Select(s => s.EnumerateArray().Select(i => frames[i.GetInt32()]).ToList()).ToList();
        Assert.Equal(["<Main>", "Store.Open", "SQLitePCL.raw.sqlite3_step"], stacks[0]);
        Assert.Equal([1.5, 1.5], store.GetProperty("weights").EnumerateArray().Select(w => w.GetDouble()));
        Assert.Equal(3, store.GetProperty("endValue").GetDouble());
        Assert.Equal("milliseconds", store.GetProperty("unit").GetString());
        Assert.Equal(0, profiles[2].GetProperty("samples").GetArrayLength());
    }

    [Fact]
    public void The_validator_catches_what_the_schema_forbids()
    {
        using var bad = JsonDocument.Parse("""
            { "$schema": "https://example.invalid/schema.json", "shared": { "frames": [ { "name": "a" } ] },
              "profiles": [ { "type": "sampled", "name": "p", "unit": "ms", "startValue": 2, "endValue": 1, "samples": [[0, 3]], "weights": [] } ] }
            """);

        var errors = SpeedscopeSchema.Validate(bad.RootElement);

        Assert.Contains(errors, e => e.Contains("$schema", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("unit", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("endValue", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("not a frame index", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("differ in length", StringComparison.Ordinal));
    }

    [Fact]
    public void A_flame_graph_is_well_formed_svg_with_boxes_as_wide_as_their_time_and_titles_naming_the_phase()
    {
        var slice = KnownResult().Find("store_init")!;
        var root = FrameNode.Build(slice.Name, slice.Stacks);

        var svg = XDocument.Parse(FlameGraphSvg.Render(root, "store_init — 2 samples, 3.0 ms", FlameGraphSvg.Notes(slice, runs: 1)));

        Assert.Equal("store_init — 2 samples, 3.0 ms", svg.Root!.Element(s_svg + "title")!.Value);
        var texts = svg.Descendants(s_svg + "text").Select(t => t.Value).ToList();
        Assert.Contains(texts, t => t.StartsWith("2 samples ≈ 3.0 ms sampled; the phase took 4.0 ms", StringComparison.Ordinal));
        Assert.Contains("[load] Microsoft.Data.Sqlite, SQLitePCLRaw.core", texts);
        var boxes = svg.Descendants(s_svg + "g").Where(g => g.Element(s_svg + "rect") is not null)
            .ToDictionary(g => g.Element(s_svg + "title")!.Value.Split(" — ")[0], g => double.Parse(g.Element(s_svg + "rect")!.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture));

        // The root spans the plot; <Main>'s angle brackets are escaped, not markup; the two leaves share their caller's width.
        Assert.Equal(1180 - 0.5, boxes["store_init"], precision: 2);
        Assert.Equal(boxes["store_init"], boxes["<Main>"], precision: 2);
        Assert.Equal(boxes["Store.Open"] + 0.5, boxes["SQLitePCL.raw.sqlite3_step"] + 0.5 + boxes["[JIT] Store.Migrate"] + 0.5, precision: 2);
        Assert.Contains(svg.Descendants(s_svg + "title"), t => t.Value.StartsWith("SQLitePCL.raw.sqlite3_step — 1 samples, 1.5 ms (50.0%)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Microsoft.Data.Sqlite.SqliteConnection.Open", 400, "Microsoft.Data.Sqlite.SqliteConnection.Open")]
    [InlineData("Microsoft.Data.Sqlite.SqliteConnection.Open", 150, "SqliteConnection.Open")]
    [InlineData("Microsoft.Data.Sqlite.SqliteConnection.Open", 60, "SqliteCo…")]
    [InlineData("Microsoft.Data.Sqlite.SqliteConnection.Open", 12, "")]
    public void A_label_is_the_full_name_the_type_and_method_or_a_truncated_form_that_fits(string name, double width, string expected)
    {
        var label = FlameGraphSvg.Label(name, width);

        Assert.Equal(expected, label);
        Assert.True(label.Length * 11 * 0.6 <= width);
    }

    /// <summary>runtime (1 sample), store_init (2 samples of 1.5 ms, 4 ms by events, two loads), agent_discovery (none), unattributed (1).</summary>
    private static ProfileResult KnownResult()
    {
        var result = new ProfileResult { Runs = 1 };
        result.Slice("runtime", SliceKind.Phase).AddSample(new WeightedStack(["<Main>", "Host.Init"], 1.5));
        var store = result.Slice("store_init", SliceKind.Phase);
        store.AddOccurrence(4);
        store.AddSample(new WeightedStack(["<Main>", "Store.Open", "SQLitePCL.raw.sqlite3_step"], 1.5));
        store.AddSample(new WeightedStack(["<Main>", "Store.Open", "[JIT] Store.Migrate"], 1.5));
        store.AddLoad("Microsoft.Data.Sqlite");
        store.AddLoad("SQLitePCLRaw.core");
        result.Slice("agent_discovery", SliceKind.Phase).AddOccurrence(0.2);
        result.Slice(ProfileSlice.UnattributedName, SliceKind.Unattributed).AddSample(new WeightedStack(["<Main>", "Between"], 1.5));
        return result;
    }
}
