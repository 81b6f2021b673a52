namespace Aurora.Cli.Tests.Hostile;

/// <summary>What went wrong in one run, by kind (the corpus totals count runs per kind).</summary>
public enum HostileFailure
{
    /// <summary>No exit within the run's bound.</summary>
    Hang,

    /// <summary>A stack trace, an unhandled exception, exit 70 (the sample's "bug" code) or death by a signal.</summary>
    Crash,

    /// <summary>A temporary file left behind, or a secret in the output or in a file.</summary>
    Leak,

    /// <summary>Peak resident memory above the bound.</summary>
    Memory,

    /// <summary>Something that had to stay untouched (a FIFO, a device, a link, its target) was replaced or changed.</summary>
    Damage,

    /// <summary>A message longer than the bound, or more than 80 characters of a hostile value quoted.</summary>
    Unbounded,

    /// <summary>Another exit code than documented, or a message that does not name the variable or path.</summary>
    Wrong,
}

/// <summary>One run of a <see cref="HostileCase"/>.</summary>
public sealed record HostileOutcome(HostileCase Case, string? SkipReason, int ExitCode, long PeakRssKb, IReadOnlyList<(HostileFailure Kind, string Detail)> Failures, string StandardError)
{
    public bool Skipped => SkipReason is not null;

    public bool Passed => !Skipped && Failures.Count == 0;

    public override string ToString()
        => Skipped
            ? Case.Id + ": skipped (" + SkipReason + ")"
            : Case.Id + ": exit " + ExitCode + ", peak RSS " + (PeakRssKb / 1024) + " MiB" + string.Concat(Failures.Select(f => "\n    " + f.Kind + ": " + f.Detail))
                + (Failures.Count > 0 ? "\n    stderr: " + Excerpt(StandardError) : string.Empty);

    private static string Excerpt(string text) => text.Length <= 2000 ? text : text[..2000] + "…";
}
