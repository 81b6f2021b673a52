using Aurora.Instrumentation.Testing.Measurements;

namespace Aurora.Instrumentation.Testing.Tests.Measurements;

public class CriticalPathTests
{
    private static RunPhase P(double start, double duration, bool background = false) => new("p", start, duration, background);

    [Fact]
    public void Gaps_are_what_no_critical_path_phase_covers_before_ready()
    {
        // runtime 0–40, config 45–55 with a nested read 47–50, store 52–70 overlapping config, a background load 40–200.
        RunPhase[] phases = [P(0, 40), P(45, 10), P(47, 3), P(52, 18), P(40, 160, background: true)];

        Assert.Equal([(40.0, 45.0), (70.0, 100.0)], CriticalPath.Gaps(phases, totalMs: 100));
        Assert.Equal(35, CriticalPath.UnattributedMs(phases, 100), 10);
    }

    [Fact]
    public void Phases_after_ready_and_zero_length_phases_cover_nothing_beyond_it()
    {
        RunPhase[] phases = [P(0, 10), P(20, 0), P(30, 500)];

        Assert.Equal([(10.0, 30.0)], CriticalPath.Gaps(phases, totalMs: 100));
    }

    [Fact]
    public void No_phases_leave_the_whole_total_unattributed_and_full_cover_leaves_none()
    {
        Assert.Equal(80, CriticalPath.UnattributedMs([], 80), 10);
        Assert.Empty(CriticalPath.Gaps([P(0, 50), P(50, 50)], 100));
    }
}
