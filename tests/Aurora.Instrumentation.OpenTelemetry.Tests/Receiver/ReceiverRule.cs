namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>
/// One scripted answer rule, as returned by <see cref="OtlpReceiver.AnswerNext(ReceiverAnswer, int)"/> and friends.
/// Rules are tried in the order they were added; the first that gives an answer (and has uses left) answers the request.
/// </summary>
public sealed class ReceiverRule
{
    private readonly Func<IncomingRequest, ReceiverAnswer?> _decide;
    private readonly Lock _gate = new();
    private int? _remaining;
    private int _used;

    internal ReceiverRule(Func<IncomingRequest, ReceiverAnswer?> decide, int? times, string description)
    {
        if (times is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(times), times, "A rule answers at least once.");
        }

        _decide = decide;
        _remaining = times;
        Description = description;
    }

    /// <summary>What the rule answers, for diagnostics.</summary>
    public string Description { get; }

    /// <summary>How many requests this rule has answered.</summary>
    public int Used
    {
        get
        {
            lock (_gate)
            {
                return _used;
            }
        }
    }

    /// <summary>Uses left (null: unlimited).</summary>
    public int? Remaining
    {
        get
        {
            lock (_gate)
            {
                return _remaining;
            }
        }
    }

    /// <summary>Gives this rule's answer for <paramref name="request"/> and uses it up once, or null when it does not apply.</summary>
    internal ReceiverAnswer? TryAnswer(IncomingRequest request)
    {
        lock (_gate)
        {
            if (_remaining == 0)
            {
                return null;
            }

            var answer = _decide(request);
            if (answer is null)
            {
                return null;
            }

            _used++;
            _remaining--;
            return answer;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Description} (used {Used}{(Remaining is { } left ? $", {left} left" : string.Empty)})";
}
