namespace Aurora.Instrumentation;

/// <summary>Writes each message as one line <c>aurora: …</c> on standard error.</summary>
public sealed class StandardErrorMessageSink : IStartupMessageSink
{
    private readonly TextWriter _writer;

    /// <summary>Creates a sink that writes to <see cref="Console.Error"/>.</summary>
    public StandardErrorMessageSink()
        : this(Console.Error)
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
            _writer.WriteLine(prefix + message.Text);
        }
        catch (Exception ex)
        {
            // A closed or broken stderr must never take the host down.
            Diagnostics.AuroraInstrumentationEventSource.Log.SwallowedException(nameof(StandardErrorMessageSink), ex);
        }
    }
}
