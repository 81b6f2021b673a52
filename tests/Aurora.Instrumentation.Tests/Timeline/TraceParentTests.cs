using System.Diagnostics;
using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Timeline;

public sealed class TraceParentTests
{
    [Fact]
    public void TRACEPARENT_makes_the_root_a_child_of_the_remote_context()
    {
        using var spans = new SpanRecorder();
        var environment = new Dictionary<string, string?>
        {
            ["TRACEPARENT"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            ["TRACESTATE"] = "ci=run42",
        };
        var clock = TestTimelines.NewClock();
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock, environment: environment));
        timeline.MarkReady();

        var root = spans.Single(timeline, "aurora.startup");
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", root.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", root.ParentSpanId.ToHexString());
        Assert.Equal("ci=run42", root.TraceStateString);
        Assert.True(root.HasRemoteParent);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")]
    public void Malformed_TRACEPARENT_is_one_warning_and_a_new_trace(string traceParent)
    {
        using var spans = new SpanRecorder();
        var sink = new RecordingMessageSink();
        var clock = TestTimelines.NewClock();
        var environment = new Dictionary<string, string?> { ["TRACEPARENT"] = traceParent };
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(clock, sink, environment));
        timeline.MarkReady();

        var root = spans.Single(timeline, "aurora.startup");
        Assert.Equal(default, root.ParentSpanId);
        var warning = Assert.Single(sink.Messages);
        Assert.Contains("TRACEPARENT", warning.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(traceParent, warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_parent_wins_over_the_environment()
    {
        using var spans = new SpanRecorder();
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var environment = new Dictionary<string, string?> { ["TRACEPARENT"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
        var clock = TestTimelines.NewClock();
        var options = TestTimelines.Options(clock, environment: environment);
        options.Parent = parent;
        using var timeline = StartupTimeline.Start("soar", options);
        timeline.MarkReady();

        Assert.Equal(parent.TraceId, spans.Single(timeline, "aurora.startup").TraceId);
    }

    [Theory]
    [InlineData("Vendor=1")]
    [InlineData("k=1,k=2")]
    [InlineData("k=1\r\nX-Evil: 1")]
    public void A_bad_TRACESTATE_is_dropped_with_one_warning_and_the_trace_still_joins_TRACEPARENT(string traceState)
    {
        using var spans = new SpanRecorder();
        var sink = new RecordingMessageSink();
        var environment = new Dictionary<string, string?>
        {
            ["TRACEPARENT"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            ["TRACESTATE"] = traceState,
        };
        using var timeline = StartupTimeline.Start("soar", TestTimelines.Options(TestTimelines.NewClock(), sink, environment));
        timeline.MarkReady();

        var root = spans.Single(timeline, "aurora.startup");
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", root.TraceId.ToHexString());
        Assert.Null(root.TraceStateString);
        Assert.StartsWith("TRACESTATE is not a valid W3C trace state: ", Assert.Single(sink.Messages).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_parents_trace_state_is_held_to_the_same_limits()
    {
        using var spans = new SpanRecorder();
        var sink = new RecordingMessageSink();
        var state = string.Join(',', Enumerable.Range(0, 40).Select(i => "k" + i + "=v"));
        var options = TestTimelines.Options(TestTimelines.NewClock(), sink);
        options.Parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, state);
        using var timeline = StartupTimeline.Start("soar", options);
        timeline.MarkReady();

        Assert.Null(spans.Single(timeline, "aurora.startup").TraceStateString);
        Assert.StartsWith("StartupTimelineOptions.Parent is not a valid W3C trace state: it has more than 32 members", Assert.Single(sink.Messages).Text, StringComparison.Ordinal);
    }
}
