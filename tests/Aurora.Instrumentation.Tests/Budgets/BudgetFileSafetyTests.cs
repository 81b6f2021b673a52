using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Budgets;

/// <summary>
/// <c>AURORA_BUDGETS</c> at what is not a budget file (real FIFOs, devices, sockets, link loops, oversized and
/// almost-valid files): one error naming the path and what was used instead, never a block, never more than 1 MiB
/// read; strict mode fails the run.
/// </summary>
public sealed class BudgetFileSafetyTests
{
    [Theory]
    [InlineData("fifo", "is a FIFO, not a regular file; no budgets from it")]
    [InlineData("/dev/zero", "is a character device, not a regular file; no budgets from it")]
    [InlineData("/dev/urandom", "is a character device, not a regular file; no budgets from it")]
    [InlineData("socket", "is a socket, not a regular file; no budgets from it")]
    [InlineData("directory", "is a directory, not a regular file; no budgets from it")]
    [InlineData("link-loop", "is a symbolic link loop (too many levels of links); no budgets from it")]
    [InlineData("link-to-fifo", "is a FIFO, not a regular file; no budgets from it")]
    [InlineData("through-a-file", "cannot be reached: a part of its path is not a directory; no budgets from it")]
    public void What_is_not_a_regular_file_is_one_error_naming_it_and_strict_mode_fails(string kind, string message)
    {
        using var files = new SpecialFiles();
        var path = files.Kind(kind);

        var error = Assert.Single(BudgetSet.Load(path).Errors);
        Assert.Equal(path + ": " + message, error.ToString());

        using var run = BudgetHarness.Start(mode: BudgetMode.Strict, environment: new() { ["AURORA_BUDGETS"] = path });
        Assert.Equal("budget file " + path + ": " + message, Assert.Single(run.Sink.Messages).Text);
        run.Timeline.Dispose();
        Assert.Equal([3], run.ExitCodes);
    }

    [Fact]
    public void A_sparse_file_reporting_16_GiB_is_refused_after_reading_at_most_1_MiB()
    {
        using var files = new SpecialFiles();
        var path = files.Path("sparse.json");
        using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            stream.SetLength(1L << 34);
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = Assert.Single(BudgetSet.Load(path).Errors);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal("is larger than 1 MiB; no budgets from it", error.Message);
        Assert.InRange(allocated, 0, 4L * 1024 * 1024);
    }

    [Fact]
    public void A_hostile_file_with_thousands_of_problems_lists_twenty_and_counts_the_rest()
    {
        using var files = new SpecialFiles();
        var path = files.File("many.json", "{ " + string.Join(", ", Enumerable.Range(0, 5000).Select(i => "\"k" + i + "\": 1")) + ", \"commands\": {} }");

        var errors = BudgetSet.Load(path).Errors;

        Assert.Equal(21, errors.Count);
        Assert.Equal(path + ": and 4980 more problem(s) not listed", errors[^1].ToString());
    }

    [Theory]
    [InlineData("a 100 KB phase id", "is not a phase id")]
    [InlineData("a 100 KB duration", "is too long to be a duration")]
    [InlineData("an escape sequence in a phase id", "'so\\x1b[2Jar\\u202e' is not a phase id")]
    public void A_bad_value_is_quoted_as_a_bounded_escaped_excerpt(string input, string message)
    {
        var big = new string('X', 100_000);
        var json = input switch
        {
            "a 100 KB phase id" => "{ \"commands\": { \"*\": { \"phases\": { \"" + big + "\": \"1s\" } } } }",
            "a 100 KB duration" => "{ \"commands\": { \"soar\": { \"total\": \"" + big + "\" } } }",
            _ => "{ \"commands\": { \"*\": { \"phases\": { \"so\\u001b[2Jar\\u202e\": \"1s\" } } } }",
        };

        var error = Assert.Single(BudgetSet.Parse(json, "budgets.json").Errors);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('X', 81), error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', error.ToString());
        Assert.True(error.ToString().Length < 400, error.ToString());
    }

    [Fact]
    public void A_long_or_control_character_path_is_named_as_a_bounded_escaped_excerpt()
    {
        var path = "/tmp/" + new string('p', 100_000) + "\n";

        var error = Assert.Single(BudgetSet.Load(path).Errors);

        Assert.StartsWith("/tmp/ppp", error.File, StringComparison.Ordinal);
        Assert.EndsWith("… (100006 characters)", error.File, StringComparison.Ordinal);
        Assert.Equal("is too long a path; no budgets from it", error.Message);
        Assert.DoesNotContain('\n', error.ToString());
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D })] // {"<invalid UTF-8>":1}
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { 0x7B, 0x00, 0x00, 0x7D })]
    public void Almost_valid_UTF8_or_JSON_is_one_error_naming_the_file(byte[] contents)
    {
        using var files = new SpecialFiles();
        var path = files.Path("almost.json");
        File.WriteAllBytes(path, contents);

        var error = Assert.Single(BudgetSet.Load(path).Errors);

        Assert.Equal(path, error.File);
        Assert.Matches("still apply|no budgets from it", error.Message);
    }
}
