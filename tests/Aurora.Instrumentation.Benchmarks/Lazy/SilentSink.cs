namespace Aurora.Instrumentation.Benchmarks.Lazy;

/// <summary>Drops timeline warnings so that benchmark output stays clean.</summary>
internal sealed class SilentSink : IStartupMessageSink
{
    public static readonly SilentSink Instance = new();

    public void Write(in StartupMessage message)
    {
    }
}
