namespace Aurora.Instrumentation.Testing.Running;

/// <summary>Output and JSON spelling of <see cref="RunStatus"/>.</summary>
internal static class RunStatusText
{
    public static string Format(RunStatus status) => status switch
    {
        RunStatus.Ok => "ok",
        RunStatus.Failed => "failed",
        RunStatus.TimedOut => "timed-out",
        RunStatus.StartFailed => "start-failed",
        RunStatus.NoReport => "no-report",
        RunStatus.GarbledReport => "garbled-report",
        _ => status.ToString(),
    };

    public static RunStatus Parse(string? text)
    {
        foreach (var status in Enum.GetValues<RunStatus>())
        {
            if (string.Equals(Format(status), text, StringComparison.Ordinal))
            {
                return status;
            }
        }

        throw new FormatException($"unknown run status '{text}'");
    }
}
