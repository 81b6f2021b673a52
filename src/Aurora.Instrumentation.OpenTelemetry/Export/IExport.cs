namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>An export route chosen once at <c>AuroraTelemetry.Start</c>: the OTLP spool route or the console route.</summary>
internal interface IExport
{
    /// <summary>Arms the export thread: now (to prepare the exit path, to start the sender early) or at the ready milestone.</summary>
    void Attach();

    /// <summary>The exit: waits at most <paramref name="budget"/>, then leaves nothing unpersisted. Never throws.</summary>
    void Shutdown(TimeSpan budget);
}
