using System.Globalization;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

// Scripted answers: rules tried in the order added, then the Mode.
public sealed partial class OtlpReceiver
{
    private readonly List<ReceiverRule> _rules = [];

    /// <summary>
    /// Answers the next <paramref name="times"/> requests (any signal, any protocol) with <paramref name="answer"/>;
    /// after that later rules, then <see cref="Mode"/>, answer. "503 with Retry-After: 1 for the first request, then
    /// normal" is <c>AnswerNext(ReceiverAnswer.Http(503).WithRetryAfter(TimeSpan.FromSeconds(1)))</c>.
    /// </summary>
    public ReceiverRule AnswerNext(ReceiverAnswer answer, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return AddRule(_ => answer, times, $"next {times}: {answer}");
    }

    /// <summary>Answers the next <paramref name="times"/> requests for which <paramref name="when"/> holds with <paramref name="answer"/>.</summary>
    public ReceiverRule AnswerNext(ReceiverAnswer answer, Func<IncomingRequest, bool> when, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(when);
        return AddRule(r => when(r) ? answer : null, times, $"next {times} matching: {answer}");
    }

    /// <summary>
    /// Answers every request for which <paramref name="when"/> holds (every request when null) with
    /// <paramref name="answer"/>, e.g. <c>AnswerAlways(ReceiverAnswer.Http(400), r => r.HasSpan("poison"))</c>.
    /// </summary>
    public ReceiverRule AnswerAlways(ReceiverAnswer answer, Func<IncomingRequest, bool>? when = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return AddRule(r => when is null || when(r) ? answer : null, times: null, $"always{(when is null ? string.Empty : " matching")}: {answer}");
    }

    /// <summary>
    /// Lets <paramref name="decide"/> answer each request (null: no opinion, the next rule or the mode answers), e.g.
    /// <c>AnswerWith(r => r.Sequence % 2 == 0 ? ReceiverAnswer.Unavailable : null)</c>.
    /// </summary>
    public ReceiverRule AnswerWith(Func<IncomingRequest, ReceiverAnswer?> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        return AddRule(decide, times: null, "decided per request");
    }

    /// <summary>Removes every answer rule (held requests stay held; see <see cref="ReleaseHeld"/>).</summary>
    public void ClearAnswers()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>Aborts every request held by a hang so far (never acknowledged, never counted); later hangs are held again.</summary>
    public void ReleaseHeld()
    {
        lock (_gate)
        {
            ReleaseHeldLocked();
        }
    }

    private void ReleaseHeldLocked()
    {
        _heldRelease.TrySetResult();
        _heldRelease = NewSignal();
    }

    private ReceiverRule AddRule(Func<IncomingRequest, ReceiverAnswer?> decide, int? times, string description)
    {
        var rule = new ReceiverRule(decide, times, description);
        lock (_gate)
        {
            _rules.Add(rule);
        }

        return rule;
    }

    // The rules run outside the receiver's lock (they are test code and may read the receiver); each rule's own lock
    // makes "the next N requests" exact under concurrent requests.
    private ReceiverAnswer ChooseAnswer(IncomingRequest request)
    {
        ReceiverRule[] rules;
        OtlpReceiverMode mode;
        TimeSpan? retryAfter;
        lock (_gate)
        {
            (rules, mode, retryAfter) = ([.. _rules], _mode, _retryAfter);
        }

        foreach (var rule in rules)
        {
            if (rule.TryAnswer(request) is { } answer)
            {
                return answer;
            }
        }

        return AnswerFor(mode, retryAfter);
    }

    // The modes as answers; their Retry-After stays HTTP-only, as it always was.
    private static ReceiverAnswer AnswerFor(OtlpReceiverMode mode, TimeSpan? retryAfter)
    {
        var answer = mode switch
        {
            OtlpReceiverMode.Hang => ReceiverAnswer.Hang,
            OtlpReceiverMode.Status503 => ReceiverAnswer.Status(503, GrpcStatusCodes.Unavailable, "injected fault: Status503"),
            OtlpReceiverMode.Status429 => ReceiverAnswer.Status(429, GrpcStatusCodes.ResourceExhausted, "injected fault: Status429"),
            _ => ReceiverAnswer.Accept,
        };
        return retryAfter is { } delay && answer.Kind == ReceiverAnswerKind.Error
            ? answer.WithRetryAfterHeader(((long)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture))
            : answer;
    }
}
