namespace Aurora.Instrumentation.Tests.Messages;

/// <summary>The one way a message shows a bad value: bounded, escaped, cut marked, secrets never shown.</summary>
public sealed class ValueExcerptTests
{
    [Theory]
    [InlineData("loud", "'loud'")]
    [InlineData("a\nb\rc\td\0e", "'a\\nb\\rc\\td\\0e'")]
    [InlineData("\u001b[2Jclear", "'\\x1b[2Jclear'")]
    [InlineData("off\u202e\u200b", "'off\\u202e\\u200b'")]
    [InlineData("caf\u00e9 \U0001F600", "'caf\u00e9 \U0001F600'")]
    [InlineData("del\u007f", "'del\\x7f'")]
    public void Control_and_invisible_characters_are_escaped(string value, string expected)
        => Assert.Equal(expected, ValueExcerpt.Quoted(value));

    [Fact]
    public void A_lone_surrogate_is_escaped_and_a_pair_is_kept()
        => Assert.Equal("'lone \\ud800 pair \U0001F600'", ValueExcerpt.Quoted("lone " + '\ud800' + " pair \U0001F600"));

    [Theory]
    [InlineData(80, false)]
    [InlineData(81, true)]
    [InlineData(100_000, true)]
    public void At_most_80_characters_are_shown_and_a_cut_is_marked_with_the_length(int length, bool cut)
    {
        var value = new string('x', length);

        var quoted = ValueExcerpt.Quoted(value);
        var plain = ValueExcerpt.Of(value);

        Assert.Equal(cut ? "'" + new string('x', 80) + "'… (" + length + " characters)" : "'" + value + "'", quoted);
        Assert.Equal(cut ? new string('x', 80) + "… (" + length + " characters)" : value, plain);
    }

    [Fact]
    public void An_escape_is_never_cut_in_half_and_counts_toward_the_bound()
    {
        var quoted = ValueExcerpt.Quoted(new string('x', 78) + "\n\n\n");

        Assert.Equal("'" + new string('x', 78) + "\\n'… (81 characters)", quoted);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", true)]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_HEADERS", true)]
    [InlineData("AURORA_LLM_API_KEY", true)]
    [InlineData("GITHUB_TOKEN", true)]
    [InlineData("DB_PASSWORD", true)]
    [InlineData("AURORA_BUDGET_MODE", false)]
    [InlineData("AURORA_STARTUP_REPORT", false)]
    [InlineData("TRACESTATE", false)]
    public void A_variable_that_may_carry_a_secret_is_named_and_its_value_never_shown(string name, bool secret)
    {
        var text = ValueExcerpt.Variable(name, "s3cr3t\nvalue");

        Assert.StartsWith(name, text, StringComparison.Ordinal);
        Assert.Equal(secret, !text.Contains("s3cr3t", StringComparison.Ordinal));
        Assert.Equal(secret ? name + " (value not shown)" : name + "='s3cr3t\\nvalue'", text);
    }
}
