using global::OpenTelemetry.Metrics;
using global::OpenTelemetry.Trace;

namespace Aurora.Instrumentation.OpenTelemetry;

/// <summary>
/// For apps that build their own OpenTelemetry pipeline (a service, or a CLI that already has one): subscribe it
/// to the <c>Aurora.Startup</c> spans and metrics.
/// </summary>
public static class AuroraStartupProviderBuilderExtensions
{
    /// <summary>Adds the <c>Aurora.Startup</c> activity source.</summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <returns>The same builder.</returns>
    public static TracerProviderBuilder AddAuroraStartupInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(AuroraStartup.SourceName);
    }

    /// <summary>
    /// Adds the <c>Aurora.Startup</c> meter and a view giving its duration histograms the startup bucket boundaries
    /// (<see cref="StartupMetrics.DurationBucketBoundaries"/>, seconds, 1 ms … 30 s).
    /// </summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <returns>The same builder.</returns>
    public static MeterProviderBuilder AddAuroraStartupInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddMeter(AuroraStartup.MeterName);
        foreach (var histogram in (ReadOnlySpan<string>)[StartupMetrics.Duration, StartupMetrics.PhaseDuration, StartupMetrics.LazyWait])
        {
            builder.AddView(histogram, new ExplicitBucketHistogramConfiguration { Boundaries = [.. StartupMetrics.DurationBucketBoundaries] });
        }

        return builder;
    }
}
