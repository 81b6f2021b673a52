namespace Aurora.Instrumentation.OpenTelemetry.Delivery;

/// <summary>Starts a sender for a destination's spool folder, so what a run leaves behind is sent after it exits.</summary>
internal interface ISenderLauncher
{
    /// <summary>Starts a sender for <paramref name="destinationDirectory"/>; false, with nothing started, when it cannot.</summary>
    bool TryLaunch(string destinationDirectory);
}
