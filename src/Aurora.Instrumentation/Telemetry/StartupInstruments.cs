using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Aurora.Instrumentation.Telemetry;

/// <summary>
/// The process-wide <see cref="ActivitySource"/> and <see cref="Meter"/>. The source is created on first use
/// (it is cheap). The meter and its four instruments cost ~5 ms of first-use time under the JIT, so a timeline
/// creates them off its critical path (<see cref="Created"/> stays <c>null</c> until then) and records the phases
/// that ended before they existed once they do.
/// </summary>
internal static class StartupInstruments
{
    public static readonly ActivitySource Source = new(AuroraStartup.SourceName, LibraryVersion.Value);

    private static Instruments? s_instruments;

    /// <summary>The instruments, created now if they don't exist yet.</summary>
    public static Instruments Metrics
        => Volatile.Read(ref s_instruments) ?? CreateInstruments();

    /// <summary>The instruments if they exist, else <c>null</c> (never creates them).</summary>
    public static Instruments? Created => Volatile.Read(ref s_instruments);

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
            Meter = new Meter(AuroraStartup.MeterName, LibraryVersion.Value);
            var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = StartupMetrics.DurationBucketBoundaries };
            Duration = Histogram(StartupInstrument.Duration, advice);
            PhaseDuration = Histogram(StartupInstrument.PhaseDuration, advice);
            LazyWait = Histogram(StartupInstrument.LazyWait, advice);
            BudgetOverruns = Meter.CreateCounter<long>(
                StartupInstrumentInfo.Name(StartupInstrument.BudgetOverruns),
                StartupInstrumentInfo.Unit(StartupInstrument.BudgetOverruns),
                StartupInstrumentInfo.Description(StartupInstrument.BudgetOverruns));
        }

        public Meter Meter { get; }

        public Histogram<double> Duration { get; }

        public Histogram<double> PhaseDuration { get; }

        public Histogram<double> LazyWait { get; }

        public Counter<long> BudgetOverruns { get; }

        private Histogram<double> Histogram(StartupInstrument instrument, InstrumentAdvice<double> advice)
            => Meter.CreateHistogram(StartupInstrumentInfo.Name(instrument), StartupInstrumentInfo.Unit(instrument), StartupInstrumentInfo.Description(instrument), tags: null, advice);
    }
}
