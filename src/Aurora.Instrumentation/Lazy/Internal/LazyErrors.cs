namespace Aurora.Instrumentation.Lazy.Internal;

/// <summary>The exceptions the lazies throw for misuse.</summary>
internal static class LazyErrors
{
    /// <summary>The factory asked for its own value: waiting would never end, so say so instead of hanging.</summary>
    public static InvalidOperationException Recursive(object lazy)
        => new($"The value factory of this {lazy.GetType().Name.Split('`')[0]} asked for its own value (directly or through work it started). That would wait forever; restructure the factory so it does not need its own result.");
}
