using Aurora.Instrumentation.OpenTelemetry.Spool;
using Aurora.Instrumentation.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Spool;

/// <summary>
/// A spool on a shared machine: directories other users own or can write to are never used, files that only look like
/// spool files never block, grow memory or cost a valid file its place, and everything else in the folder is left alone.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SpoolHostileInputTests : IDisposable
{
    private const int OtherUid = 4242;
    private readonly SpecialFiles _files = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public void Dispose() => _files.Dispose();

    private string Root => _files.Path("spool");

    private string Folder => Path.Combine(Root, "0123456789abcdef");

    [RootTheory]
    [InlineData("root owned by another user")]
    [InlineData("folder owned by another user")]
    [InlineData("root writable by everyone")]
    [InlineData("root writable by its group")]
    [InlineData("folder writable by everyone")]
    public void An_untrusted_directory_is_never_written_to_or_read_from_and_the_problem_names_it(string scene)
    {
        Directory.CreateDirectory(Folder);
        var planted = Path.Combine(Folder, SpoolFileName.Create(_time.GetUtcNow().ToUnixTimeMilliseconds(), 1, 1, 1, SpoolFileFormat.TracesKind));
        File.WriteAllBytes(planted, SpoolFileFormat.Encode(SpoolFileFormat.TracesKind, [1, 2, 3]));
        var (target, chown, mode) = scene switch
        {
            "root owned by another user" => (Root, true, (UnixFileMode?)null),
            "folder owned by another user" => (Folder, true, null),
            "root writable by everyone" => (Root, false, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.OtherRead),
            "root writable by its group" => (Root, false, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.GroupRead),
            _ => (Folder, false, (UnixFileMode?)(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)),
        };
        if (chown)
        {
            SpecialFiles.Run("chown", OtherUid.ToString(System.Globalization.CultureInfo.InvariantCulture), target);
        }

        if (mode is { } unsafeMode)
        {
            File.SetUnixFileMode(target, unsafeMode);
        }

        var spool = new SpoolDirectory(Folder, _time);

        Assert.Null(spool.TryWrite(SpoolFileFormat.TracesKind, [9], out var problem));
        Assert.Contains(target, problem, StringComparison.Ordinal);
        Assert.Empty(spool.ListReady(SpoolFileFormat.TracesKind)); // the planted file is not even listed
        Assert.False(spool.HasReady());
        spool.EnforceLimits();
        Assert.True(File.Exists(planted));
        Assert.Equal([Path.GetFileName(planted)], SpecialFiles.Names(Folder));
    }

    [RootFact]
    public void A_spool_root_reached_through_another_users_link_is_not_trusted_but_the_users_own_link_is()
    {
        var real = _files.Path("real");
        Directory.CreateDirectory(Path.Combine(real, "0123456789abcdef"));
        var foreignLink = _files.Link("foreign", real);
        SpecialFiles.Run("chown", "-h", OtherUid.ToString(System.Globalization.CultureInfo.InvariantCulture), foreignLink);
        var ownLink = _files.Link("own", real);

        Assert.Null(new SpoolDirectory(Path.Combine(foreignLink, "0123456789abcdef"), _time).TryWrite(SpoolFileFormat.TracesKind, [1], out var problem));
        Assert.Contains(foreignLink, problem, StringComparison.Ordinal);
        Assert.NotNull(new SpoolDirectory(Path.Combine(ownLink, "0123456789abcdef"), _time).TryWrite(SpoolFileFormat.TracesKind, [1], out _));
    }

    [Fact]
    public void Every_level_the_spool_creates_is_0700()
    {
        var deep = Path.Combine(Root, "a", "b", "0123456789abcdef");
        var spool = new SpoolDirectory(deep, _time, root: Path.Combine(Root, "a", "b"));

        Assert.NotNull(spool.TryWrite(SpoolFileFormat.TracesKind, [1], out _));
        foreach (var level in new[] { Root, Path.Combine(Root, "a"), Path.Combine(Root, "a", "b"), deep })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(level));
        }
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("socket")]
    [InlineData("link-to-zero")]
    [InlineData("link-to-urandom")]
    [InlineData("link-loop")]
    [InlineData("directory")]
    [InlineData("link-to-valid-file")]
    public void A_special_file_named_like_a_spool_file_is_moved_aside_without_blocking_or_reading_it(string kind)
    {
        var spool = new SpoolDirectory(Folder, _time);
        var valid = spool.TryWrite(SpoolFileFormat.TracesKind, [1, 2, 3], out _)!;
        _time.Advance(TimeSpan.FromSeconds(1));
        var name = Path.Combine(Folder, SpoolFileName.Create(_time.GetUtcNow().ToUnixTimeMilliseconds(), 7, 1, 2, SpoolFileFormat.TracesKind));
        var elsewhere = new SpecialFiles(Directory.CreateDirectory(_files.Path("elsewhere")).FullName);
        switch (kind)
        {
            case "fifo":
                SpecialFiles.Run("mkfifo", name);
                break;
            case "socket":
                _ = new SpecialFiles(Folder).Socket(Path.GetFileName(name));
                break;
            case "link-to-zero":
                File.CreateSymbolicLink(name, "/dev/zero");
                break;
            case "link-to-urandom":
                File.CreateSymbolicLink(name, "/dev/urandom");
                break;
            case "link-loop":
                File.CreateSymbolicLink(name, name);
                break;
            case "directory":
                Directory.CreateDirectory(name);
                break;
            default:
                File.CreateSymbolicLink(name, elsewhere.File("planted", "x"));
                break;
        }

        var before = GC.GetTotalAllocatedBytes(precise: false);
        spool.EnforceLimits();
        var claimed = spool.TryClaim(valid)!;

        Assert.Equal([1, 2, 3], spool.TryReadPayload(claimed, SpoolFileFormat.TracesKind));
        Assert.True(GC.GetTotalAllocatedBytes(precise: false) - before < 8 * 1024 * 1024, "a special file was read");
        if (kind != "directory")
        {
            Assert.False(File.Exists(name) || Directory.Exists(name), "the special file is still among the ready files");
            Assert.Single(Directory.GetFileSystemEntries(spool.QuarantinePath));
        }

        Assert.Empty(spool.ListReady(SpoolFileFormat.TracesKind));
    }

    [Fact]
    public void An_oversized_foreign_file_is_quarantined_before_the_size_bound_and_never_costs_a_valid_file()
    {
        var spool = new SpoolDirectory(Folder, _time, new SpoolLimits { MaxTotalBytes = 64 * 1024, MaxFileBytes = 1024 * 1024 });
        var big = Path.Combine(Folder, SpoolFileName.Create(_time.GetUtcNow().ToUnixTimeMilliseconds() - 1000, 9, 1, 3, SpoolFileFormat.TracesKind));
        Directory.CreateDirectory(Folder);
        using (var file = File.Create(big))
        {
            file.SetLength(20 * 1024 * 1024); // 20 MB named like the oldest spool file
        }

        var valid = Enumerable.Range(0, 3).Select(i => spool.TryWrite(SpoolFileFormat.TracesKind, new byte[100 + i], out _)!).ToList();

        spool.EnforceLimits();

        Assert.Equal(valid, spool.ListReady(SpoolFileFormat.TracesKind));
        Assert.False(File.Exists(big));
        Assert.Single(Directory.GetFiles(spool.QuarantinePath));
    }

    [Fact]
    public void A_file_that_is_almost_valid_is_quarantined_and_the_valid_ones_stay()
    {
        var spool = new SpoolDirectory(Folder, _time);
        var valid = spool.TryWrite(SpoolFileFormat.MeasurementsKind, [5, 6], out _)!;
        foreach (var (i, bytes) in AlmostValid().Select((b, i) => (i, b)))
        {
            File.WriteAllBytes(Path.Combine(Folder, SpoolFileName.Create(_time.GetUtcNow().ToUnixTimeMilliseconds(), 100 + i, 1, 4, SpoolFileFormat.MeasurementsKind)), bytes);
        }

        spool.EnforceLimits();

        Assert.Equal([valid], spool.ListReady(SpoolFileFormat.MeasurementsKind));
        Assert.Equal(AlmostValid().Count(), Directory.GetFiles(spool.QuarantinePath).Length);
    }

    private static IEnumerable<byte[]> AlmostValid()
    {
        var good = SpoolFileFormat.Encode(SpoolFileFormat.MeasurementsKind, [5, 6, 7, 8]);
        yield return good[..^1];                                              // torn
        yield return [.. good, 0];                                            // one byte too many
        yield return Flip(good, 0);                                           // magic
        yield return Flip(good, 8);                                           // version
        yield return Flip(good, 9);                                           // kind
        yield return Flip(good, 14);                                          // checksum
        yield return Flip(good, good.Length - 1);                             // payload
        yield return SpoolFileFormat.Encode(SpoolFileFormat.TracesKind, [5]); // the wrong kind for its name
        yield return [];
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x5A;
        return copy;
    }
}
