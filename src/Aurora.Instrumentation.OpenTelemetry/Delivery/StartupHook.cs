using System.Diagnostics.CodeAnalysis;
using Aurora.Instrumentation.OpenTelemetry.Delivery;

/// <summary>
/// The .NET startup hook (<c>DOTNET_STARTUP_HOOKS</c>) a detached sender is started with under the JIT: it runs before
/// the app's <c>Main</c>, sends, and exits, so none of the app's code runs in the sender. The runtime finds it by its
/// name, in the global namespace. In any other process (the variable set by hand) it does nothing.
/// </summary>
[SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime looks for a type named StartupHook in the global namespace.")]
internal static class StartupHook
{
    public static void Initialize()
    {
        if (SenderProcess.IsSender(Environment.GetEnvironmentVariable))
        {
            SenderProcess.RunAndExit(Environment.GetEnvironmentVariable);
        }
    }
}
