namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>The default message sink, created on the first message: most runs have nothing to say.</summary>
internal sealed class DeferredStandardErrorSink : IStartupMessageSink
{
    private StandardErrorMessageSink? _sink;

    public void Write(in StartupMessage message)
        => LazyInitializer.EnsureInitialized(ref _sink, static () => new StandardErrorMessageSink()).Write(message);
}
