using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Aurora.Instrumentation.Telemetry;

/// <summary>
/// The process-wide <see cref="ActivitySource"/> and <see cref="Meter"/>. The source is created on first use
/// (it is cheap); the meter and its instruments are created on first use too, so an app that never records a
/// metric pays nothing for them.
/// </summary>
internal static class StartupInstruments
{
    public static readonly ActivitySource Source = new(AuroraStartup.SourceName, typeof(StartupInstruments).Assembly.GetName().Version?.ToString(3));

    private static Instruments? s_instruments;

    public static Instruments Metrics
        => Volatile.Read(ref s_instruments) ?? CreateInstruments();

    private static Instruments CreateInstruments()
    {
        var created = new Instruments();
        var winner = Interlocked.CompareExchange(ref s_instruments, created, null);
        if (winner is not null)
        {
            created.Meter.Dispose();
            return winner;
        }

        return created;
    }

    internal sealed class Instruments
    {
        public Instruments()
        {
            Meter = new Meter(AuroraStartup.MeterName, typeof(StartupInstruments).Assembly.GetName().Version?.ToString(3));
            var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = StartupMetrics.DurationBucketBoundaries };
            Duration = Meter.CreateHistogram(StartupMetrics.Duration, "s", "Process start to the ready milestone.", tags: null, advice);
            PhaseDuration = Meter.CreateHistogram(StartupMetrics.PhaseDuration, "s", "Duration of one startup phase.", tags: null, advice);
            LazyWait = Meter.CreateHistogram(StartupMetrics.LazyWait, "s", "Time a caller was blocked waiting for a lazy or background value.", tags: null, advice);
            BudgetOverruns = Meter.CreateCounter<long>(StartupMetrics.BudgetOverruns, "{overrun}", "Startup budget overruns.");
        }

        public Meter Meter { get; }

        public Histogram<double> Duration { get; }

        public Histogram<double> PhaseDuration { get; }

        public Histogram<double> LazyWait { get; }

        public Counter<long> BudgetOverruns { get; }
    }
}
