namespace Aurora.Instrumentation;

/// <summary>
/// One run's startup, as written to <c>AURORA_STARTUP_REPORT</c> (schema <see cref="SchemaId"/>, documented in
/// docs/conventions.md). Times are milliseconds from process start.
/// </summary>
public sealed class StartupReport
{
    /// <summary>The schema id of this version of the report.</summary>
    public const string SchemaId = "aurora.startup.report/1";

    /// <summary>The schema id the report was written with.</summary>
    public string Schema { get; init; } = SchemaId;

    /// <summary>The command (<c>soar</c>, …).</summary>
    public required string Command { get; init; }

    /// <summary><c>jit</c> or <c>aot</c>.</summary>
    public string RuntimeMode { get; init; } = "jit";

    /// <summary>The process id of the run.</summary>
    public int ProcessId { get; init; }

    /// <summary>When the process started (UTC).</summary>
    public DateTimeOffset ProcessStartTime { get; init; }

    /// <summary>Whether the ready milestone was reached.</summary>
    public bool Completed { get; init; }

    /// <summary>The ready milestone, when reached.</summary>
    public string? Milestone { get; init; }

    /// <summary>Process start → ready (or → end of the timeline when never ready).</summary>
    public double TotalMs { get; init; }

    /// <summary>The total budget, when there is one.</summary>
    public double? TotalBudgetMs { get; init; }

    /// <summary>Whether the total exceeded its budget.</summary>
    public bool TotalExceeded { get; init; }

    /// <summary>The instrumentation's own measured cost on the critical path.</summary>
    public double OverheadMs { get; init; }

    /// <summary>The trace id of the root span, when one was recorded.</summary>
    public string? TraceId { get; init; }

    /// <summary>Every phase, in the order they began.</summary>
    public IReadOnlyList<PhaseReport> Phases { get; init; } = [];

    /// <summary>Every budget overrun, in the order reported.</summary>
    public IReadOnlyList<BudgetOverrun> Overruns { get; init; } = [];

    /// <summary>Assemblies loaded before ready (only when recording was switched on).</summary>
    public IReadOnlyList<string> AssembliesLoadedBeforeReady { get; init; } = [];

    /// <summary>Finds a phase by id (the first one, when a phase ran more than once).</summary>
    /// <param name="name">The phase id.</param>
    /// <returns>The phase, or <c>null</c>.</returns>
    public PhaseReport? FindPhase(string name)
    {
        foreach (var phase in Phases)
        {
            if (string.Equals(phase.Name, name, StringComparison.Ordinal))
            {
                return phase;
            }
        }

        return null;
    }

    /// <summary>Serialises the report as JSON (UTF-8).</summary>
    /// <param name="destination">Where to write.</param>
    public void WriteTo(Stream destination) => StartupReportJson.Write(this, destination);

    /// <summary>The report as a JSON string.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        WriteTo(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads a report written by <see cref="WriteTo"/>.</summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <returns>The report.</returns>
    /// <exception cref="FormatException">The text is not a report of a schema this version understands.</exception>
    public static StartupReport Parse(ReadOnlySpan<byte> json) => StartupReportJson.Read(json);

    /// <summary>Reads a report written by <see cref="WriteTo"/>.</summary>
    /// <param name="json">JSON text.</param>
    /// <returns>The report.</returns>
    /// <exception cref="FormatException">The text is not a report of a schema this version understands.</exception>
    public static StartupReport Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return StartupReportJson.Read(System.Text.Encoding.UTF8.GetBytes(json));
    }
}
