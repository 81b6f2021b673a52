namespace Aurora.Instrumentation.Testing;

/// <summary>
/// A startup guard failed: a budget was exceeded, an assembly loaded before ready, a background phase was not hidden
/// enough, or the runs themselves failed. The message names what failed and shows the per-phase table of the runs.
/// Any test framework reports it as a failed test.
/// </summary>
public sealed class StartupGuardException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StartupGuardException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, and the runs' table.</param>
    public StartupGuardException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, and the runs' table.</param>
    /// <param name="innerException">The cause.</param>
    public StartupGuardException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
