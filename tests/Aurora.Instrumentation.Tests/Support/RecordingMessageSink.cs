using System.Collections.Concurrent;

namespace Aurora.Instrumentation.Tests.Support;

internal sealed class RecordingMessageSink : IStartupMessageSink
{
    private readonly ConcurrentQueue<StartupMessage> _messages = new();

    public IReadOnlyList<StartupMessage> Messages => [.. _messages];

    public void Write(in StartupMessage message) => _messages.Enqueue(message);
}
