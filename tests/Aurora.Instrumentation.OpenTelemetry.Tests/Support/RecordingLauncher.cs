using Aurora.Instrumentation.OpenTelemetry.Delivery;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Support;

/// <summary>
/// Stands in for the detached sender inside the test process (the real one would start the test host again): records
/// each launch — early (waiting) or at exit — and each nudge and close of an early sender's channel.
/// </summary>
internal sealed class RecordingLauncher(bool startsEarly = false, Func<string, bool>? onLaunch = null) : ISenderLauncher
{
    private readonly List<string> _events = [];

    /// <summary>What happened, in order: <c>launch &lt;folder&gt;</c>, <c>early &lt;folder&gt;</c>, <c>nudge</c>, <c>close</c>.</summary>
    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The folders senders were started for at exit.</summary>
    public IReadOnlyList<string> Launches => [.. Events.Where(e => e.StartsWith("launch ", StringComparison.Ordinal)).Select(e => e["launch ".Length..])];

    public bool TryLaunchWaiting(string destinationDirectory, Action<ISenderChannel> opened)
    {
        if (!startsEarly)
        {
            return false;
        }

        opened(new Channel(this));
        Record("early " + destinationDirectory);
        return true;
    }

    public bool TryLaunch(string destinationDirectory)
    {
        Record("launch " + destinationDirectory);
        return onLaunch?.Invoke(destinationDirectory) ?? true;
    }

    private void Record(string what)
    {
        lock (_events)
        {
            _events.Add(what);
        }
    }

    private sealed class Channel(RecordingLauncher launcher) : ISenderChannel
    {
        public bool Nudge()
        {
            launcher.Record("nudge");
            return true;
        }

        public void Close() => launcher.Record("close");
    }
}
