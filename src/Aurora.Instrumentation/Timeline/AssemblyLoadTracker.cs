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

    /// <param name="time">The timeline's clock.</param>
    /// <param name="recordNames">Whether to remember names (the option), or only count.</param>
    /// <param name="processStartTimestamp">
    /// The timeline's process start: assemblies already loaded are recorded at it, so the runtime phase and "before
    /// ready" include what the host and the JIT of the method calling <c>Start</c> loaded before this line.
    /// </param>
    public AssemblyLoadTracker(TimeProvider time, bool recordNames, long processStartTimestamp)
    {
        _time = time;
        _loads = recordNames ? new List<(long, string)>() : null;

        // Whatever is loaded before the first instrumented line belongs to the runtime phase.
        var loaded = AppDomain.CurrentDomain.GetAssemblies();
        _count = loaded.Length;
        if (_loads is not null)
        {
            try
            {
                foreach (var assembly in loaded)
                {
                    _loads.Add((processStartTimestamp, NameOf(assembly)));
                }
            }
            catch (Exception ex)
            {
                Diagnostics.AuroraInstrumentationEventSource.Log.SwallowedException(nameof(AssemblyLoadTracker), ex);
            }
        }

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
            var name = NameOf(args.LoadedAssembly);
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

    private static string NameOf(System.Reflection.Assembly assembly) => assembly.GetName().Name ?? "(unnamed)";
}
