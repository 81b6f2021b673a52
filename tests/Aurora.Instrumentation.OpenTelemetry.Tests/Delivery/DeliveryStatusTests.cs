using Aurora.Instrumentation.OpenTelemetry.Delivery;
using Aurora.Instrumentation.OpenTelemetry.Spool;
using Microsoft.Extensions.Time.Testing;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Delivery;

/// <summary>What a destination's senders remember between runs: the backoff and the notices, on a fake clock.</summary>
public sealed class DeliveryStatusTests : IDisposable
{
    /// <summary>A spool root of the test's own (the spool trusts only folders under a root that only its user can write to).</summary>
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aurora-status-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _folder;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private readonly DeliveryStatus _status;

    public DeliveryStatusTests()
    {
        _folder = Path.Combine(_root, "destination");
        _status = new DeliveryStatus(new SpoolDirectory(_folder, _time), _time);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Without_a_retry_after_the_backoff_doubles_from_one_second_up_to_five_minutes()
    {
        var waits = Enumerable.Range(0, 12).Select(_ => _status.RecordRetryableFailure(null).TotalSeconds).ToList();

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300], waits);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(5), _status.BackoffUntil());
    }

    [Fact]
    public void The_backoff_holds_until_its_time_and_not_after()
    {
        _status.RecordRetryableFailure(null);

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(1), _status.BackoffUntil());
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.NotNull(_status.BackoffUntil());
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(_status.BackoffUntil());
    }

    [Fact]
    public void A_retry_after_is_the_wait_up_to_five_minutes()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), _status.RecordRetryableFailure(TimeSpan.FromSeconds(7)));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(7), _status.BackoffUntil());
        Assert.Equal(TimeSpan.FromMinutes(5), _status.RecordRetryableFailure(TimeSpan.FromHours(2)));

        // A retry-after of nothing (or a date already past) is no instruction: the doubling goes on (third failure).
        Assert.Equal(TimeSpan.FromSeconds(4), _status.RecordRetryableFailure(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(8), _status.RecordRetryableFailure(TimeSpan.FromSeconds(-3)));
    }

    [Fact]
    public void A_confirmation_clears_the_backoff_and_the_doubling_starts_again()
    {
        _status.RecordRetryableFailure(null);
        _status.RecordRetryableFailure(null);

        _status.ClearBackoff();

        Assert.Null(_status.BackoffUntil());
        Assert.False(File.Exists(Path.Combine(_folder, DeliveryStatus.BackoffFile)));
        Assert.Equal(TimeSpan.FromSeconds(1), _status.RecordRetryableFailure(null));
    }

    [Fact]
    public void A_problem_is_kept_once_told_once_and_told_again_only_a_day_later()
    {
        Assert.False(_status.HasNotice());
        Assert.True(_status.RecordNotice("problem", "telemetry: first"));
        Assert.False(_status.RecordNotice("problem", "telemetry: again")); // already waiting
        Assert.True(_status.HasNotice());

        Assert.Equal(["telemetry: first"], _status.TakeNotices());
        Assert.False(_status.HasNotice());
        Assert.Empty(_status.TakeNotices());

        Assert.False(_status.RecordNotice("problem", "telemetry: still")); // shown within the day
        Assert.True(_status.RecordNotice("another problem", "telemetry: other"));
        _time.Advance(TimeSpan.FromHours(23));
        Assert.False(_status.RecordNotice("problem", "telemetry: still"));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.True(_status.RecordNotice("problem", "telemetry: a day later"));
        Assert.Equal(["telemetry: other", "telemetry: a day later"], _status.TakeNotices());
    }

    [Fact]
    public void At_most_eight_notices_wait_and_the_oldest_go_first()
    {
        for (var i = 1; i <= 11; i++)
        {
            Assert.True(_status.RecordNotice("problem " + i, "telemetry: problem " + i));
        }

        var notices = _status.TakeNotices();

        Assert.Equal(DeliveryStatus.MaxNotices, notices.Count);
        Assert.Equal(Enumerable.Range(4, 8).Select(i => "telemetry: problem " + i), notices);
    }

    [Fact]
    public void A_notice_stays_one_line()
    {
        _status.RecordNotice("problem", "telemetry: a collector\nsaid\tthis");

        Assert.Equal(["telemetry: a collector said this"], _status.TakeNotices());
    }

    [Fact]
    public void Notices_of_problems_that_are_over_are_withdrawn_before_anyone_sees_them()
    {
        _status.RecordNotice("Retryable|HTTP 503|http://a:1|", "telemetry: a waits");
        _status.RecordNotice("Permanent|HTTP 401|http://a:1|check", "telemetry: a refused");

        _status.WithdrawNotices(fingerprint => fingerprint.StartsWith("Retryable|", StringComparison.Ordinal));
        Assert.Equal(["telemetry: a refused"], _status.TakeNotices());

        _status.RecordNotice("Retryable|HTTP 503|http://a:1|", "telemetry: a waits");
        _status.WithdrawNotices(_ => true);
        Assert.False(_status.HasNotice());
        _status.WithdrawNotices(_ => true); // nothing waiting: nothing to do
    }

    [Fact]
    public void What_was_shown_is_kept_for_a_day_and_then_forgotten()
    {
        _status.MarkShown("old");
        _time.Advance(TimeSpan.FromHours(25));
        _status.MarkShown("new");

        Assert.False(_status.WasShownRecently("old"));
        Assert.True(_status.WasShownRecently("new"));
        Assert.DoesNotContain("old", File.ReadAllText(Path.Combine(_folder, DeliveryStatus.ShownNoticeFile)), StringComparison.Ordinal);
    }
}
