using Aurora.Instrumentation.Timeline;

namespace Aurora.Instrumentation.Tests.Timeline;

/// <summary>TRACEPARENT and TRACESTATE against the W3C Trace Context grammar and limits.</summary>
public sealed class TraceContextTextTests
{
    private const string Trace = "0af7651916cd43dd8448eb211c80319c";
    private const string Span = "b7ad6b7169203331";

    [Theory]
    [InlineData("00-" + Trace + "-" + Span + "-01", null)]
    [InlineData("00-" + Trace + "-" + Span + "-00", null)]
    [InlineData("00-" + Trace + "-" + Span + "-09", null)] // unknown flags are ignored, not an error
    [InlineData("01-" + Trace + "-" + Span + "-01", null)]
    [InlineData("cc-" + Trace + "-" + Span + "-01-what-the-future-adds", null)]
    [InlineData("ff-" + Trace + "-" + Span + "-01", "version ff is forbidden")]
    [InlineData("0g-" + Trace + "-" + Span + "-01", "its version is not two lower-case hex digits")]
    [InlineData("0A-" + Trace + "-" + Span + "-01", "its version is not two lower-case hex digits")]
    [InlineData("00-" + Trace + "-" + Span + "-01-extra", "version 00 has exactly 55 characters")]
    [InlineData("01-" + Trace + "-" + Span + "-01extra", "after the flags a later version must continue with '-'")]
    [InlineData("00-0AF7651916CD43DD8448EB211C80319C-" + Span + "-01", "its trace id")]
    [InlineData("00-00000000000000000000000000000000-" + Span + "-01", "its trace id")]
    [InlineData("00-" + Trace + "-0000000000000000-01", "its parent id")]
    [InlineData("00-" + Trace + "-" + Span + "-0G", "its flags")]
    [InlineData("00-" + Trace + "_" + Span + "-01", "its trace id")]
    [InlineData("00-" + Trace + "-" + Span, "it is shorter than the 55 characters")]
    public void TRACEPARENT_follows_the_specification(string value, string? problem)
    {
        var found = TraceParentText.Check(value, out var version00);

        if (problem is null)
        {
            Assert.Null(found);
            Assert.Equal("00" + value[2..55], version00);
        }
        else
        {
            Assert.StartsWith(problem, found, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", null)]
    [InlineData(" rojo=1 ,, \tcongo=2 ", "rojo=1,congo=2", null)]
    [InlineData("tenant@vendor=1", "tenant@vendor=1", null)]
    [InlineData("1tenant@v=1", "1tenant@v=1", null)]
    [InlineData("k=a b", "k=a b", null)]
    [InlineData("Vendor=1", null, "member 'Vendor=1' is not key=value")]
    [InlineData("1vendor=1", null, "member '1vendor=1'")]
    [InlineData("t@abcdefghijklmno=1", null, "member 't@abcdefghijklmno=1'")]
    [InlineData("t@1system=1", null, "member")]
    [InlineData("k=a=b", null, "member 'k=a=b'")]
    [InlineData("k=", null, "member 'k='")]
    [InlineData("k=spaces then OWS  ", "k=spaces then OWS", null)]
    [InlineData("k=1\r\nX-Evil: 1", null, "member 'k=1\\r\\nX-Evil: 1'")]
    [InlineData("k=1,k=2", null, "key 'k' appears twice")]
    [InlineData("novalue", null, "member 'novalue'")]
    public void TRACESTATE_keys_and_values_follow_the_specification(string value, string? kept, string? problem)
    {
        Assert.Equal(kept, TraceStateText.Check(value, out var found));
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.StartsWith(problem, found, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(32, true)]
    [InlineData(33, false)]
    public void TRACESTATE_has_at_most_32_members(int count, bool kept)
    {
        var value = string.Join(',', Enumerable.Range(0, count).Select(i => "k" + i + "=v"));

        Assert.Equal(kept ? value : null, TraceStateText.Check(value, out var problem));
        Assert.Equal(kept ? null : "it has more than 32 members; it is dropped whole", problem);
    }

    [Fact]
    public void A_TRACESTATE_over_512_characters_loses_its_long_members_first_then_from_the_right()
    {
        var members = new List<string> { "a=" + new string('1', 20), "long=" + new string('2', 200) };
        members.AddRange(Enumerable.Range(0, 14).Select(i => "m" + i + "=" + new string('3', 30)));
        var value = string.Join(',', members);

        var kept = TraceStateText.Check(value, out var problem);

        Assert.True(value.Length > 512);
        Assert.True(kept!.Length <= 512);
        Assert.DoesNotContain("long=", kept, StringComparison.Ordinal);
        Assert.StartsWith("a=", kept, StringComparison.Ordinal);
        Assert.Contains("m0=", kept, StringComparison.Ordinal);
        Assert.Contains("members are kept", problem, StringComparison.Ordinal);
    }
}
