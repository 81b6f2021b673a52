namespace Aurora.Instrumentation;

/// <summary>Options for <see cref="StartupLazy{T}"/> and <see cref="StartupAsyncLazy{T}"/>.</summary>
public sealed class StartupLazyOptions
{
    /// <summary>
    /// When the factory fails, let a later call run it again (each attempt is its own phase). Callers that were waiting
    /// for the failed attempt still get its exception. Default <c>false</c>: the failure is kept and every caller gets it,
    /// like <see cref="Lazy{T}"/>.
    /// </summary>
    public bool RetryOnFailure { get; set; }
}
