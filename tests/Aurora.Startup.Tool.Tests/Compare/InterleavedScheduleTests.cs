using Aurora.Startup.Tool.Compare;

namespace Aurora.Startup.Tool.Tests.Compare;

public class InterleavedScheduleTests
{
    [Fact]
    public void Pairs_alternate_which_side_goes_first_and_warmups_come_first()
    {
        var schedule = InterleavedSchedule.Build(warmupPairs: 1, pairs: 3);

        Assert.Equal(
            ["w:B", "w:H", "H", "B", "B", "H", "H", "B"],
            schedule.Select(run => (run.Warmup ? "w:" : string.Empty) + (run.Side == Side.Base ? "B" : "H")));
        Assert.Equal([0, 0, 0, 0, 1, 1, 2, 2], schedule.Select(run => run.Index));
    }

    [Fact]
    public void Each_side_runs_first_equally_often()
    {
        var measured = InterleavedSchedule.Build(0, 20).Where(run => !run.Warmup).ToList();
        var firsts = measured.Where((_, i) => i % 2 == 0).ToList();

        Assert.Equal(20, measured.Count(run => run.Side == Side.Base));
        Assert.Equal(10, firsts.Count(run => run.Side == Side.Base));
        Assert.Equal(10, firsts.Count(run => run.Side == Side.Head));
    }
}
