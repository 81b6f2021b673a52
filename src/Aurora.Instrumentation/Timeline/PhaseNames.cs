using Aurora.Instrumentation.Budgets;
using Aurora.Instrumentation.Internal;

namespace Aurora.Instrumentation.Timeline;

/// <summary>
/// What a phase id resolves to — its span name and its budget — worked out once per distinct id. Phase ids are almost
/// always literals or <see cref="StartupPhases"/> constants (interned), so the first lookup compares references, which
/// is several times cheaper than hashing the string. Not thread-safe: the timeline calls it under its lock.
/// Reference types only (no value-type generic instantiations): under the JIT, a <c>Dictionary</c> over a struct value
/// compiles ten methods at first use (measured: ~0.5 ms in the sample's first phases), one over a class shares code
/// precompiled in the framework.
/// </summary>
internal sealed class PhaseNames
{
    private readonly BudgetChecker? _budgets;
    private readonly IStartupMessageSink _messages;
    private readonly Dictionary<string, ResolvedPhase> _byPhase = new(StringComparer.Ordinal);
    private readonly string[] _recentPhases = new string[16];
    private readonly ResolvedPhase[] _recentResolved = new ResolvedPhase[16];
    private int _recentCount;

    public PhaseNames(BudgetChecker? budgets, IStartupMessageSink messages)
    {
        _budgets = budgets;
        _messages = messages;
    }

    public ResolvedPhase Resolve(string phase)
    {
        for (var i = 0; i < _recentCount; i++)
        {
            if (ReferenceEquals(_recentPhases[i], phase))
            {
                return _recentResolved[i];
            }
        }

        if (!_byPhase.TryGetValue(phase, out var resolved))
        {
            if (!PhaseIds.IsValid(phase))
            {
                _messages.Write(new StartupMessage(StartupMessageLevel.Warning, "phase id " + ValueExcerpt.Quoted(phase) + " is not lower_snake_case; it is recorded as given", phase));
            }

            var spanName = AuroraStartup.PhaseSpanPrefix + phase;
            resolved = new ResolvedPhase(spanName, _budgets?.Find(spanName));
            _byPhase.Add(phase, resolved);
        }

        if (_recentCount < _recentPhases.Length)
        {
            _recentPhases[_recentCount] = phase;
            _recentResolved[_recentCount++] = resolved;
        }

        return resolved;
    }
}

/// <summary>A phase id's span name and, when the budget checker has one for it, its budget.</summary>
internal sealed class ResolvedPhase(string spanName, BudgetedSpan? budget)
{
    public string SpanName { get; } = spanName;

    public BudgetedSpan? Budget { get; } = budget;
}
