using Aurora.Instrumentation.OpenTelemetry.Platform;

namespace Aurora.Instrumentation.OpenTelemetry.Delivery;

/// <summary>
/// The write end of the pipe a waiting sender reads: a byte per nudge, and the end of the pipe when the run closes it —
/// or when the run's process ends, since the kernel closes it then, so a run that crashes still lets its sender go.
/// </summary>
internal sealed class PipeSenderChannel(int writeEnd) : ISenderChannel
{
    private int _writeEnd = writeEnd;

    public bool Nudge() => NativePipe.TryWriteByte(Volatile.Read(ref _writeEnd));

    public void Close() => NativePipe.Close(Interlocked.Exchange(ref _writeEnd, -1));
}
