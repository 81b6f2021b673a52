using CsCheck;
using Aurora.Instrumentation.OpenTelemetry.Otlp;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Otlp;

/// <summary>Header entries are validated before they can reach a request; messages never quote a value.</summary>
public sealed class OtlpHeadersTests
{
    private const string Variable = "OTEL_EXPORTER_OTLP_HEADERS";

    [Fact]
    public void Well_formed_entries_are_percent_decoded_and_kept_in_order()
    {
        var warnings = new List<string>();
        var headers = OtlpHeaders.Parse(" authorization = Bearer%20abc , x-tenant=t1,, ", Variable, warnings);

        Assert.Empty(warnings);
        Assert.Equal([new("authorization", "Bearer abc"), new KeyValuePair<string, string>("x-tenant", "t1")], headers);
    }

    [Theory]
    [InlineData("nos3cret", "entry 1 is not name=value")]
    [InlineData("=s3cret", "entry 1 is not name=value")]
    [InlineData("a b=s3cret", "entry 1 is not name=value")]
    [InlineData("ok=1,bad name=s3cret", "entry 2 is not name=value")]
    [InlineData("a=b%0D%0AX-Evil: 1", "'a' holds a character a header cannot carry")]
    [InlineData("a=s3cret%00c", "'a' holds a character a header cannot carry")]
    [InlineData("a=caf%C3%A9", "'a' holds a character a header cannot carry")]
    [InlineData("Host=evil.example", "'Host' is a header the OTLP transport sets itself")]
    [InlineData("content-type=text/plain", "'content-type' is a header the OTLP transport sets itself")]
    [InlineData("TE=gzip", "'TE' is a header the OTLP transport sets itself")]
    [InlineData("grpc-timeout=1S", "'grpc-timeout' is a header the OTLP transport sets itself")]
    [InlineData("%3Aauthority=evil", "entry 1 is not name=value")]
    public void A_bad_entry_is_dropped_with_one_message_naming_the_variable_and_never_its_value(string text, string expected)
    {
        var warnings = new List<string>();
        var headers = OtlpHeaders.Parse(text, Variable, warnings);

        var warning = Assert.Single(warnings);
        Assert.StartsWith(Variable, warning, StringComparison.Ordinal);
        Assert.Contains(expected, warning, StringComparison.Ordinal);
        foreach (var secret in new[] { "evil", "Evil", "s3cret", "caf" })
        {
            Assert.DoesNotContain(secret, warning, StringComparison.Ordinal);
        }

        Assert.All(headers, h => Assert.True(OtlpHeaders.IsToken(h.Key) && OtlpHeaders.IsFieldValue(h.Value)));
    }

    [Fact]
    public void A_name_given_twice_keeps_the_last_value_and_says_so()
    {
        var warnings = new List<string>();
        var headers = OtlpHeaders.Parse("x=1,X=2", Variable, warnings);

        Assert.Equal([new KeyValuePair<string, string>("X", "2")], headers);
        Assert.Contains("names 'X' more than once; the last value is used", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_text_never_throws_and_never_yields_an_invalid_header()
        => Gen.String.Sample(text =>
        {
            var headers = OtlpHeaders.Parse(text, Variable, []);
            return headers.All(h => OtlpHeaders.IsToken(h.Key) && OtlpHeaders.IsFieldValue(h.Value));
        });
}
