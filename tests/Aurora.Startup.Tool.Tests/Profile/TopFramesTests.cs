using Aurora.Startup.Tool.Profile;

namespace Aurora.Startup.Tool.Tests.Profile;

public sealed class TopFramesTests
{
    [Fact]
    public void Self_counts_where_samples_ended_and_inclusive_what_they_passed_through_once_per_sample()
    {
        var slice = new ProfileSlice("store_init", SliceKind.Phase);
        slice.AddSample(new WeightedStack(["Main", "Store.Open", "Sqlite.Step"], 2));
        slice.AddSample(new WeightedStack(["Main", "Store.Open", "Sqlite.Step", "Sqlite.Step"], 2));
        slice.AddSample(new WeightedStack(["Main", "Store.Open", "Store.Migrate"], 1));
        slice.AddSample(new WeightedStack(["Main", "System.Threading.ThreadPoolWorkQueue.Dispatch", "Json.Parse"], 1));

        var top = TopFrames.Of(slice, count: 5).ToDictionary(f => f.Name);

        Assert.Equal(4, top["Sqlite.Step"].SelfMs);
        Assert.Equal(4, top["Sqlite.Step"].InclusiveMs);
        Assert.Equal(2, top["Sqlite.Step"].InclusiveSamples);
        Assert.Equal(0, top["Store.Open"].SelfMs);
        Assert.Equal(5, top["Store.Open"].InclusiveMs);
        Assert.Equal(1, top["Json.Parse"].SelfMs);

        // Main is in every sample and the dispatcher is plumbing: neither says where the time went.
        Assert.DoesNotContain("Main", top.Keys);
        Assert.DoesNotContain("System.Threading.ThreadPoolWorkQueue.Dispatch", top.Keys);
        Assert.Equal("Store.Open", TopFrames.Of(slice, count: 5)[0].Name);
    }
}
