using System.Runtime.CompilerServices;
using Aurora.Instrumentation.Telemetry;

namespace Aurora.Instrumentation.Tests.Support;

/// <summary>
/// Under the JIT a timeline creates the meter on a background thread when it doesn't exist yet, and records what ended
/// meanwhile once it does. Tests that listen to the meter must see every measurement synchronously, so the meter is
/// created once, before any test; the deferred path has its own test (DeferredMeterTests).
/// </summary>
internal static class InstrumentsUpFront
{
    [ModuleInitializer]
    internal static void Create() => _ = StartupInstruments.Metrics;
}
