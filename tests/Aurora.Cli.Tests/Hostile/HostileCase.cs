namespace Aurora.Cli.Tests.Hostile;

/// <summary>
/// One row of the hostile corpus: an input (a bad file, path or value), the mode it is tried in, the exit code the
/// documentation promises, and how to plant it (<see cref="Arrange"/> fills a <see cref="HostileScene"/>: the
/// environment, the special files, what the messages must name and what must stay untouched).
/// <see cref="Fast"/> rows also run in the normal test run.
/// </summary>
public sealed record HostileCase(string Area, string Input, string Mode, int ExitCode, Action<HostileScene> Arrange, bool Fast = false)
{
    public string Id => Area + ": " + Input + (Mode.Length > 0 ? " [" + Mode + "]" : string.Empty);

    public override string ToString() => Id;
}
