using System.Globalization;
using Aurora.Instrumentation.Internal;

namespace Aurora.Instrumentation.OpenTelemetry.Platform;

/// <summary>
/// Puts every thread of this process in Linux's idle scheduling class (<c>sched_setscheduler(tid, SCHED_IDLE)</c>, not
/// variadic): the detached sender then runs only on CPU time nothing else wants, so it never slows the app that
/// started it or the next command; on a saturated machine it waits (its lifetime still bounds it). Threads created
/// later inherit the class from the thread that creates them. 64-bit Linux only; anywhere else it does nothing.
/// </summary>
internal static unsafe class ProcessPriority
{
    private const int IdleScheduling = 5; // SCHED_IDLE

    private static readonly nint s_setScheduler = LibC.Find("sched_setscheduler");

    /// <summary>Returns how many threads were moved to the idle class.</summary>
    public static int EnterIdleClass()
    {
        if (s_setScheduler == 0 || !Directory.Exists("/proc/self/task"))
        {
            return 0;
        }

        var setScheduler = (delegate* unmanaged<int, int, int*, int>)s_setScheduler;
        var moved = 0;
        var priority = 0; // struct sched_param { int sched_priority; }: 0 for SCHED_IDLE
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            if (int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var thread) && setScheduler(thread, IdleScheduling, &priority) == 0)
            {
                moved++;
            }
        }

        return moved;
    }
}
