namespace Aurora.Instrumentation;

/// <summary>
/// Where the instrumentation tells the app something (budget overruns, invalid settings).
/// The default writes one line to standard error; the OpenTelemetry package adapts an <c>ILogger</c>.
/// Implementations must not throw and must not block.
/// </summary>
public interface IStartupMessageSink
{
    /// <summary>Delivers one message.</summary>
    /// <param name="message">The message.</param>
    void Write(in StartupMessage message);
}
