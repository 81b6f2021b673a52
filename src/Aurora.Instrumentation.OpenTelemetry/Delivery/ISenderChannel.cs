namespace Aurora.Instrumentation.OpenTelemetry.Delivery;

/// <summary>The run's end of the link to a sender started early (<see cref="ISenderLauncher.TryLaunchWaiting"/>).</summary>
internal interface ISenderChannel
{
    /// <summary>Tells the sender files are waiting; false when it is gone.</summary>
    bool Nudge();

    /// <summary>Tells the sender the run has persisted everything it will: it sends once more and leaves.</summary>
    void Close();
}
