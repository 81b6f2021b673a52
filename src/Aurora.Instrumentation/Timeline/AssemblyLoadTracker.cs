namespace Aurora.Instrumentation.Timeline;

/// <summary>
/// Counts assembly loads through <see cref="AppDomain.AssemblyLoad"/> (one interlocked increment per load) and,
/// when asked, remembers the names and when they loaded: the .NET counterpart of Python's "no heavy imports at
/// module level" check.
/// </summary>
internal sealed class AssemblyLoadTracker : IDisposable
{
    private readonly TimeProvider _time;
    private readonly List<(long Timestamp, string Name)>? _loads;
    private int _count;

    public AssemblyLoadTracker(TimeProvider time, bool recordNames)
    {
        _time = time;
        _loads = recordNames ? new List<(long, string)>() : null;

        // Whatever is loaded before the first instrumented line belongs to the runtime phase.
        _count = AppDomain.CurrentDomain.GetAssemblies().Length;
        AppDomain.CurrentDomain.AssemblyLoad += OnAssemblyLoad;
    }

    public int Count => Volatile.Read(ref _count);

    public bool RecordsNames => _loads is not null;

    /// <summary>Names of the assemblies loaded in [<paramref name="fromTimestamp"/>, <paramref name="toTimestamp"/>].</summary>
    public List<string> NamesBetween(long fromTimestamp, long toTimestamp)
    {
        var names = new List<string>();
        if (_loads is null)
        {
            return names;
        }

        lock (_loads)
        {
            foreach (var (timestamp, name) in _loads)
            {
                if (timestamp >= fromTimestamp && timestamp <= toTimestamp)
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    public void Dispose() => AppDomain.CurrentDomain.AssemblyLoad -= OnAssemblyLoad;

    private void OnAssemblyLoad(object? sender, AssemblyLoadEventArgs args)
    {
        Interlocked.Increment(ref _count);
        if (_loads is null)
        {
            return;
        }

        try
        {
            var name = args.LoadedAssembly.GetName().Name ?? "(unnamed)";
            lock (_loads)
            {
                _loads.Add((_time.GetTimestamp(), name));
            }
        }
        catch (Exception ex)
        {
            Diagnostics.AuroraInstrumentationEventSource.Log.SwallowedException(nameof(AssemblyLoadTracker), ex);
        }
    }
}
