using Aurora.Instrumentation.OpenTelemetry.Delivery;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Support;

/// <summary>
/// Stands in for the detached sender inside the test process (the real one would start the test host again): records
/// each launch, and can run the sender's work in-process so the test sees what a detached sender would deliver.
/// </summary>
internal sealed class RecordingLauncher(Func<string, bool>? onLaunch = null) : ISenderLauncher
{
    private readonly List<string> _launches = [];

    public IReadOnlyList<string> Launches
    {
        get
        {
            lock (_launches)
            {
                return [.. _launches];
            }
        }
    }

    public bool TryLaunch(string destinationDirectory)
    {
        lock (_launches)
        {
            _launches.Add(destinationDirectory);
        }

        return onLaunch?.Invoke(destinationDirectory) ?? true;
    }
}
