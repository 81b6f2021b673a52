using Aurora.Instrumentation.Internal;
using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Internal.Platform;

/// <summary>Reading through the platform layer: real special files, never a block, never more than the bound.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RegularFileReadTests
{
    [Theory]
    [InlineData("fifo", nameof(FileProblemKind.WrongType), "is a FIFO, not a regular file")]
    [InlineData("socket", nameof(FileProblemKind.WrongType), "is a socket, not a regular file")]
    [InlineData("directory", nameof(FileProblemKind.WrongType), "is a directory, not a regular file")]
    [InlineData("/dev/zero", nameof(FileProblemKind.WrongType), "is a character device, not a regular file")]
    [InlineData("/dev/urandom", nameof(FileProblemKind.WrongType), "is a character device, not a regular file")]
    [InlineData("/dev/null", nameof(FileProblemKind.WrongType), "is a character device, not a regular file")]
    [InlineData("link-loop", nameof(FileProblemKind.SymbolicLinkLoop), "is a symbolic link loop")]
    [InlineData("link-to-fifo", nameof(FileProblemKind.WrongType), "is a FIFO, not a regular file")]
    [InlineData("dangling-link", nameof(FileProblemKind.NotFound), "does not exist")]
    [InlineData("missing", nameof(FileProblemKind.NotFound), "does not exist")]
    [InlineData("through-a-file", nameof(FileProblemKind.NotFound), "a part of its path is not a directory")]
    [InlineData("/proc/self/mem", nameof(FileProblemKind.Other), "input/output error")]
    public void What_is_not_a_readable_regular_file_is_one_problem_naming_it(string kind, string expected, string reason)
    {
        using var files = new SpecialFiles();
        var path = files.Kind(kind);

        Assert.False(RegularFile.TryRead(path, 1024, followLinks: true, out var bytes, out var problem));

        Assert.Empty(bytes);
        Assert.Equal(expected, problem!.Kind.ToString());
        Assert.Contains(reason, problem.Reason, StringComparison.Ordinal);
        Assert.StartsWith(path + " ", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("regular", 18)]
    [InlineData("empty", 0)]
    [InlineData("link-to-regular", 18)]
    public void A_regular_file_is_read_whole(string kind, int length)
    {
        using var files = new SpecialFiles();

        Assert.True(RegularFile.TryRead(files.Kind(kind), 1024, followLinks: true, out var bytes, out var problem), problem?.Message);
        Assert.Equal(length, bytes.Length);
    }

    [Fact]
    public void A_link_is_refused_where_links_are_not_followed()
    {
        using var files = new SpecialFiles();

        Assert.False(RegularFile.TryRead(files.Kind("link-to-regular"), 1024, followLinks: false, out _, out var problem));
        Assert.Equal(FileProblemKind.SymbolicLink, problem!.Kind);
    }

    [RootFact]
    public void A_character_device_is_refused_without_being_opened()
    {
        using var files = new SpecialFiles();

        Assert.False(RegularFile.TryRead(files.Kind("device"), 1024, followLinks: true, out _, out var problem));
        Assert.Equal("is a character device, not a regular file", problem!.Reason);
    }

    [Theory]
    [InlineData(1024, true)]
    [InlineData(1025, false)]
    [InlineData(100_000, false)]
    public void The_bound_counts_bytes_actually_read(int length, bool fits)
    {
        using var files = new SpecialFiles();
        var path = files.File("sized", new string('x', length));

        Assert.Equal(fits, RegularFile.TryRead(path, 1024, followLinks: true, out var bytes, out var problem));
        Assert.Equal(fits ? length : 0, bytes.Length);
        Assert.Equal(fits ? null : "is larger than 1024 bytes", problem?.Reason);
    }

    [Fact]
    public void A_sparse_file_that_reports_a_huge_size_stops_at_the_bound()
    {
        using var files = new SpecialFiles();
        var path = files.Path("sparse");
        using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            stream.SetLength(1L << 34);
        }

        Assert.False(RegularFile.TryRead(path, 1024 * 1024, followLinks: true, out _, out var problem));
        Assert.Equal("is larger than 1 MiB", problem!.Reason);
    }

    [Fact]
    public void A_path_with_a_nul_character_is_refused()
    {
        Assert.False(RegularFile.TryRead("/tmp/a\0b", 1024, followLinks: true, out _, out var problem));
        Assert.Equal("contains a NUL character", problem!.Reason);
    }
}
