using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Aurora.Instrumentation.OpenTelemetry;

/// <summary>The hosting path: register Aurora's startup services in an <see cref="IServiceCollection"/>.</summary>
public static class AuroraStartupServiceCollectionExtensions
{
    /// <summary>
    /// Registers an <see cref="IStartupMessageSink"/> that writes to <see cref="ILogger"/> (category
    /// <see cref="LoggerStartupMessageSink.CategoryName"/>), unless one is registered already. Pair it with
    /// <c>AddAuroraStartupInstrumentation()</c> on the app's tracer and meter provider builders.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddAuroraStartupLogging(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IStartupMessageSink>(static provider =>
            new LoggerStartupMessageSink(provider.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerStartupMessageSink.CategoryName)));
        return services;
    }
}
