namespace Aurora.Instrumentation.OpenTelemetry.Delivery;

/// <summary>Starts a sender for a destination's spool folder, so what a run leaves behind is sent after it exits.</summary>
internal interface ISenderLauncher
{
    /// <summary>
    /// Starts a sender early, from a background thread, that waits for this run: it sends each time it is told files
    /// are waiting, and once more when the run closes the channel (or its process ends). The channel is handed to
    /// <paramref name="opened"/> before the sender is started, so a run that exits while the start is still under way
    /// (it waits for a free CPU) can already close it. False when no sender was started (the channel is closed then).
    /// </summary>
    bool TryLaunchWaiting(string destinationDirectory, Action<ISenderChannel> opened);

    /// <summary>Starts a sender that sends what waits in <paramref name="destinationDirectory"/> now; false, with nothing started, when it cannot.</summary>
    bool TryLaunch(string destinationDirectory);
}
