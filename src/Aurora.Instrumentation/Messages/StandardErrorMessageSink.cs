namespace Aurora.Instrumentation;

/// <summary>Writes each message as one line <c>aurora: …</c> on standard error.</summary>
public sealed class StandardErrorMessageSink : IStartupMessageSink
{
    /// <summary>The writer given, or <c>null</c> for <see cref="Console.Error"/> at the time of each message.</summary>
    private readonly TextWriter? _writer;

    /// <summary>
    /// Creates a sink that writes to <see cref="Console.Error"/>. The console is only touched when a message is written:
    /// initialising <see cref="Console.Error"/> costs 3–9 ms under the JIT, and most runs have nothing to say. It also
    /// follows a <see cref="Console.SetError"/> made after the sink was created.
    /// </summary>
    public StandardErrorMessageSink()
    {
    }

    /// <summary>Creates a sink that writes to <paramref name="writer"/> (tests, or a redirected stream).</summary>
    /// <param name="writer">Where the lines go.</param>
    public StandardErrorMessageSink(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <inheritdoc />
    public void Write(in StartupMessage message)
    {
        try
        {
            var prefix = message.Level == StartupMessageLevel.Error ? "aurora: error: " : "aurora: ";
            (_writer ?? Console.Error).WriteLine(prefix + message.Text);
        }
        catch (Exception ex)
        {
            // A closed or broken stderr must never take the host down.
            Diagnostics.AuroraInstrumentationEventSource.Log.SwallowedException(nameof(StandardErrorMessageSink), ex);
        }
    }
}
