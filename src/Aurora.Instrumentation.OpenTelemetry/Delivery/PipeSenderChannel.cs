using Aurora.Instrumentation.OpenTelemetry.Platform;

namespace Aurora.Instrumentation.OpenTelemetry.Delivery;

/// <summary>
/// The write end of the pipe a waiting sender reads: a byte per nudge, and the end of the pipe when the run closes it —
/// or when the run's process ends, since the kernel closes it then, so a run that crashes still lets its sender go.
/// Nudge and close take one lock: a write racing a close could otherwise land in whatever file reused the number.
/// </summary>
internal sealed class PipeSenderChannel(int writeEnd) : ISenderChannel
{
    private readonly object _gate = new();
    private int _writeEnd = writeEnd;

    public bool Nudge()
    {
        lock (_gate)
        {
            return NativePipe.TryWriteByte(_writeEnd);
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            NativePipe.Close(_writeEnd);
            _writeEnd = -1;
        }
    }
}
