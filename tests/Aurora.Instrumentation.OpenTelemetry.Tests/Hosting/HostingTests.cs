using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Hosting;

public sealed class HostingTests
{
    [Fact]
    public void AddAuroraStartupLogging_routes_messages_to_ILogger_with_levels()
    {
        var collector = new FakeLogCollector();
        using var provider = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(collector)))
            .AddAuroraStartupLogging()
            .BuildServiceProvider();

        var sink = provider.GetRequiredService<IStartupMessageSink>();
        sink.Write(new StartupMessage(StartupMessageLevel.Warning, "config took 612 ms, budget 500 ms", "config"));
        sink.Write(new StartupMessage(StartupMessageLevel.Error, "total over budget"));

        var records = collector.GetSnapshot();
        Assert.Equal(2, records.Count);
        Assert.Equal(LogLevel.Warning, records[0].Level);
        Assert.Equal(LoggerStartupMessageSink.CategoryName, records[0].Category);
        Assert.Contains("config took 612 ms", records[0].Message);
        Assert.Contains(records[0].StructuredState!, p => p.Key == "AuroraPhase" && p.Value == "config");
        Assert.Equal(LogLevel.Error, records[1].Level);
    }

    [Fact]
    public void An_app_registered_sink_is_kept()
    {
        var mine = new StandardErrorMessageSink(TextWriter.Null);
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IStartupMessageSink>(mine)
            .AddAuroraStartupLogging()
            .BuildServiceProvider();

        Assert.Same(mine, provider.GetRequiredService<IStartupMessageSink>());
    }

    [Fact]
    public void A_throwing_logger_never_reaches_the_app()
        => new LoggerStartupMessageSink(new ThrowingLogger()).Write(new StartupMessage(StartupMessageLevel.Warning, "x"));

    private sealed class ThrowingLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => throw new InvalidOperationException("broken provider");
    }
}
