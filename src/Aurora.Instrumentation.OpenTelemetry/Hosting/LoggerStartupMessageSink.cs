using Aurora.Instrumentation.OpenTelemetry.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Aurora.Instrumentation.OpenTelemetry;

/// <summary>
/// Routes the instrumentation's messages (budget overruns, bad settings) to an <see cref="ILogger"/>: warnings as
/// <see cref="LogLevel.Warning"/>, errors as <see cref="LogLevel.Error"/>, the phase as a structured property.
/// </summary>
public sealed class LoggerStartupMessageSink : IStartupMessageSink
{
    /// <summary>The logger category used when the sink is created from a factory.</summary>
    public const string CategoryName = "Aurora.Startup";

    private readonly ILogger _logger;

    /// <summary>Creates a sink writing to <paramref name="logger"/>.</summary>
    /// <param name="logger">The logger.</param>
    public LoggerStartupMessageSink(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <inheritdoc />
    public void Write(in StartupMessage message)
    {
        try
        {
            var level = message.Level switch
            {
                StartupMessageLevel.Error => LogLevel.Error,
                StartupMessageLevel.Warning => LogLevel.Warning,
                _ => LogLevel.Information,
            };
            if (message.Phase is null)
            {
                _logger.Log(level, "{AuroraMessage}", message.Text);
            }
            else
            {
                _logger.Log(level, "{AuroraMessage} (phase {AuroraPhase})", message.Text, message.Phase);
            }
        }
        catch (Exception ex)
        {
            // A logging provider that throws must never take the host down.
            AuroraOpenTelemetryEventSource.Log.SwallowedException(nameof(LoggerStartupMessageSink), ex);
        }
    }
}
