using Aurora.Instrumentation.OpenTelemetry.Platform;
using Aurora.Instrumentation.OpenTelemetry.Spool;
using Microsoft.Extensions.Time.Testing;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Spool;

public sealed class SpoolDirectoryTests : IDisposable
{
    // A destination folder under a spool root of the test's own (the folder's parent is checked with it: /tmp itself,
    // writable by everyone, is never a trusted spool root).
    private readonly string _spoolRoot = Path.Combine(Path.GetTempPath(), "aurora-spooltest-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public SpoolDirectoryTests()
    {
        _root = Path.Combine(_spoolRoot, "0123456789abcdef");
    }

    private readonly string _root;

    public void Dispose()
    {
        if (Directory.Exists(_spoolRoot))
        {
            Directory.Delete(_spoolRoot, recursive: true);
        }
    }

    [Fact]
    public void Write_creates_the_directory_0700_and_the_file_0600_and_round_trips()
    {
        var spool = new SpoolDirectory(Path.Combine(_root, "a", "b"), _time);
        var file = spool.TryWrite(SpoolFileFormat.TracesKind, [1, 2, 3], out var problem);

        Assert.Null(problem);
        Assert.NotNull(file);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(spool.Path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.EndsWith(".traces.spool", file, StringComparison.Ordinal);
        var claimed = spool.TryClaim(file)!;
        Assert.Equal(new byte[] { 1, 2, 3 }, spool.TryReadPayload(claimed, SpoolFileFormat.TracesKind));
        Assert.Empty(Directory.GetFiles(spool.Path, "*.tmp"));
        if (!OperatingSystem.IsWindows())
        {
            // Every level the spool created is 0700, whatever the umask would have given a plain CreateDirectory.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_root, "a")));
        }
    }

    [Fact]
    public void A_payload_is_read_only_as_the_kind_it_was_written_as()
    {
        var spool = new SpoolDirectory(_root, _time);
        var metrics = spool.TryWrite(SpoolFileFormat.MeasurementsKind, [7], out _)!;
        Assert.EndsWith(".metrics.spool", metrics, StringComparison.Ordinal);
        Assert.Empty(spool.ListReady(SpoolFileFormat.TracesKind));
        Assert.Equal([metrics], spool.ListReady(SpoolFileFormat.MeasurementsKind));

        // A metrics file renamed to look like traces is a foreign file: quarantined, not sent as traces.
        var disguised = metrics.Replace(".metrics.", ".traces.", StringComparison.Ordinal);
        File.Move(metrics, disguised);
        Assert.Null(spool.TryReadPayload(spool.TryClaim(disguised)!, SpoolFileFormat.TracesKind));
        Assert.Single(Directory.GetFiles(spool.QuarantinePath));
    }

    [Fact]
    public void The_libc_writer_writes_the_bytes_0600_under_the_final_name_and_leaves_no_temporary()
    {
        Directory.CreateDirectory(_root);
        var temporary = Path.Combine(_root, "x.tmp");
        var final = Path.Combine(_root, "x.traces.spool");
        var bytes = new byte[100_000];
        new Random(7).NextBytes(bytes);

        var written = NativeSpoolFile.TryWrite(temporary, final, bytes);

        // Linux, 64-bit: the libc path; elsewhere it declines and SpoolDirectory uses the file APIs.
        Assert.Equal(OperatingSystem.IsLinux() && Environment.Is64BitProcess, written);
        if (written && OperatingSystem.IsLinux())
        {
            Assert.Equal(bytes, File.ReadAllBytes(final));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(final));
            Assert.False(File.Exists(temporary));
        }
    }

    [Fact]
    public void The_libc_writer_declines_where_it_cannot_write_and_leaves_nothing()
    {
        Directory.CreateDirectory(_root);
        var blocker = Path.Combine(_root, "file");
        File.WriteAllText(blocker, "x");

        Assert.False(NativeSpoolFile.TryWrite(Path.Combine(blocker, "x.tmp"), Path.Combine(blocker, "x.traces.spool"), [1, 2, 3]));
        Assert.False(NativeSpoolFile.TryWrite(Path.Combine(_root, "y.tmp"), Path.Combine(_root, "missing", "y.traces.spool"), [1, 2, 3]));
        Assert.Equal([blocker], Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void A_file_can_be_claimed_once_only()
    {
        var spool = new SpoolDirectory(_root, _time);
        var file = spool.TryWrite(SpoolFileFormat.TracesKind, [9], out _)!;
        var other = new SpoolDirectory(_root, _time);

        var claimed = spool.TryClaim(file);
        Assert.NotNull(claimed);
        Assert.Null(other.TryClaim(file));
        Assert.Empty(spool.ListReady(SpoolFileFormat.TracesKind));

        spool.Release(claimed);
        Assert.Equal([file], spool.ListReady(SpoolFileFormat.TracesKind));
        SpoolDirectory.Complete(other.TryClaim(file)!);
        Assert.Empty(Directory.GetFiles(_root));
    }

    [Fact]
    public void Concurrent_claims_of_the_same_files_never_both_win()
    {
        var spool = new SpoolDirectory(_root, _time);
        var files = Enumerable.Range(0, 50).Select(i => spool.TryWrite(SpoolFileFormat.TracesKind, [(byte)i], out _)!).ToList();
        var wins = new int[files.Count];

        Parallel.For(0, 4, _ =>
        {
            var contender = new SpoolDirectory(_root, _time);
            for (var i = 0; i < files.Count; i++)
            {
                if (contender.TryClaim(files[i]) is not null)
                {
                    Interlocked.Increment(ref wins[i]);
                }
            }
        });

        Assert.All(wins, count => Assert.Equal(1, count));
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[0])]
    public void Corrupt_files_are_quarantined_not_returned(byte[] garbage)
    {
        var spool = new SpoolDirectory(_root, _time);
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, $"{_time.GetUtcNow().ToUnixTimeMilliseconds():D13}-1-0001-00000000.traces.spool");
        File.WriteAllBytes(file, garbage);

        Assert.Null(spool.TryReadPayload(spool.TryClaim(file)!, SpoolFileFormat.TracesKind));
        Assert.Empty(spool.ListReady(SpoolFileFormat.TracesKind));
        Assert.Single(Directory.GetFiles(spool.QuarantinePath));
    }

    [Fact]
    public void A_flipped_byte_is_caught_by_the_checksum()
    {
        var spool = new SpoolDirectory(_root, _time);
        var file = spool.TryWrite(SpoolFileFormat.TracesKind, [1, 2, 3, 4], out _)!;
        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        Assert.False(SpoolFileFormat.TryDecode(bytes, out _, out _, out var problem));
        Assert.Equal("checksum mismatch", problem);
        Assert.Null(spool.TryReadPayload(spool.TryClaim(file)!, SpoolFileFormat.TracesKind));
    }

    [Fact]
    public void Truncated_file_is_reported_as_truncated()
    {
        var encoded = SpoolFileFormat.Encode(SpoolFileFormat.TracesKind, [1, 2, 3, 4]);
        Assert.False(SpoolFileFormat.TryDecode(encoded.AsMemory(0, encoded.Length - 2), out _, out _, out var problem));
        Assert.StartsWith("truncated", problem);
    }

    [Fact]
    public void Files_past_their_age_are_deleted()
    {
        var spool = new SpoolDirectory(_root, _time, new SpoolLimits { MaxAge = TimeSpan.FromDays(1) });
        var old = spool.TryWrite(SpoolFileFormat.TracesKind, [1], out _)!;
        _time.Advance(TimeSpan.FromHours(25));
        var fresh = spool.TryWrite(SpoolFileFormat.TracesKind, [2], out _)!;

        spool.EnforceLimits();

        Assert.Equal([fresh], spool.ListReady(SpoolFileFormat.TracesKind));
        Assert.False(File.Exists(old));
    }

    [Fact]
    public void Oldest_files_go_first_beyond_the_size_and_count_bounds()
    {
        var bySize = new SpoolDirectory(Path.Combine(_root, "size"), _time, new SpoolLimits { MaxTotalBytes = 3 * (SpoolFileFormat.HeaderLength + 100) });
        var bySizeFiles = WriteMany(bySize, 5, 100);
        bySize.EnforceLimits();
        Assert.Equal(bySizeFiles[2..], bySize.ListReady(SpoolFileFormat.TracesKind));

        var byCount = new SpoolDirectory(Path.Combine(_root, "count"), _time, new SpoolLimits { MaxFiles = 2 });
        var byCountFiles = WriteMany(byCount, 5, 1);
        byCount.EnforceLimits();
        Assert.Equal(byCountFiles[3..], byCount.ListReady(SpoolFileFormat.TracesKind));
    }

    [Fact]
    public void Claims_left_by_a_dead_process_are_released()
    {
        var spool = new SpoolDirectory(_root, _time);
        var file = spool.TryWrite(SpoolFileFormat.TracesKind, [1], out _)!;
        var deadPid = FindUnusedPid();
        File.Move(file, file + ".claimed-" + deadPid);

        spool.EnforceLimits();

        Assert.Equal([file], spool.ListReady(SpoolFileFormat.TracesKind));
    }

    [Fact]
    public void Claims_held_by_a_live_process_are_kept()
    {
        var spool = new SpoolDirectory(_root, _time);
        var file = spool.TryWrite(SpoolFileFormat.TracesKind, [1], out _)!;
        var claimed = spool.TryClaim(file)!;

        new SpoolDirectory(_root, _time).EnforceLimits();

        Assert.True(File.Exists(claimed));
        Assert.Empty(spool.ListReady(SpoolFileFormat.TracesKind));
    }

    [Fact]
    public void Quarantine_keeps_only_its_newest_files()
    {
        var spool = new SpoolDirectory(_root, _time, new SpoolLimits { MaxQuarantined = 2 });
        Directory.CreateDirectory(_root);
        for (var i = 0; i < 4; i++)
        {
            var file = Path.Combine(_root, $"{_time.GetUtcNow().ToUnixTimeMilliseconds() + i:D13}-1-0001-00000000.traces.spool");
            File.WriteAllBytes(file, [0]);
            spool.Quarantine(file, "test");
        }

        spool.EnforceLimits();

        Assert.Equal(2, Directory.GetFiles(spool.QuarantinePath).Length);
    }

    [Fact]
    public void Unwritable_directory_is_reported_not_thrown()
    {
        Directory.CreateDirectory(_root);
        var blocker = Path.Combine(_root, "file");
        File.WriteAllText(blocker, "x");
        var spool = new SpoolDirectory(Path.Combine(blocker, "spool"), _time);

        Assert.Null(spool.TryWrite(SpoolFileFormat.TracesKind, [1], out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
        Assert.Empty(spool.ListReady(SpoolFileFormat.TracesKind));
        spool.EnforceLimits();
    }

    [Fact]
    public void Files_that_are_not_the_spools_own_are_never_read_moved_or_deleted()
    {
        var spool = new SpoolDirectory(_root, _time, new SpoolLimits { MaxAge = TimeSpan.FromDays(1), MaxFiles = 1 });
        var own = spool.TryWrite(SpoolFileFormat.TracesKind, [1], out _)!;
        string[] foreign =
        [
            "notes.tmp", "backup.otlp", "x.otlp.claimed-999999", "1234.traces.spool", "0000000000001-1-0001-0000000g.traces.spool",
            "0000000000001-1-1-00000000.traces.spool", "0000000000001-1-0001-00000000.logs.spool", "0000000000001-1-0001-00000000.traces.spool.claimed-x",
        ];
        foreach (var name in foreign)
        {
            File.WriteAllText(Path.Combine(_root, name), "the user's own");
        }

        _time.Advance(TimeSpan.FromDays(30));
        spool.EnforceLimits();

        Assert.False(File.Exists(own)); // ours, past its age
        Assert.All(foreign, name => Assert.Equal("the user's own", File.ReadAllText(Path.Combine(_root, name))));
        Assert.False(Directory.Exists(spool.QuarantinePath));
    }

    [Fact]
    public void The_name_grammar_accepts_exactly_the_names_the_spool_writes()
    {
        var name = SpoolFileName.Create(1_700_000_000_123, 4242, 7, 0xdeadbeef, SpoolFileFormat.MeasurementsKind);
        Assert.Equal("1700000000123-4242-0007-deadbeef.metrics.spool", name);
        Assert.True(SpoolFileName.TryParse(name, out var ready));
        Assert.Equal(new SpoolFileNameParts(1_700_000_000_123, SpoolFileFormat.MeasurementsKind, SpoolFileState.Ready, 0), ready);
        Assert.True(SpoolFileName.TryParse(name + ".tmp", out var temporary));
        Assert.Equal(SpoolFileState.Temporary, temporary.State);
        Assert.True(SpoolFileName.TryParse(name + ".claimed-31", out var claimed));
        Assert.Equal((SpoolFileState.Claimed, 31), (claimed.State, claimed.ClaimPid));
        foreach (var bad in new[] { name.ToUpperInvariant(), name + ".tmp.tmp", "x" + name, name.Replace("-0007-", "-7-", StringComparison.Ordinal), name + ".claimed-", name + ".claimed-12345678901" })
        {
            Assert.False(SpoolFileName.TryParse(bad, out _), bad);
        }
    }

    private List<string> WriteMany(SpoolDirectory spool, int count, int size)
    {
        var files = new List<string>();
        for (var i = 0; i < count; i++)
        {
            files.Add(spool.TryWrite(SpoolFileFormat.TracesKind, new byte[size], out _)!);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        return files;
    }

    private static int FindUnusedPid()
    {
        for (var pid = 4_000_000; pid > 1000; pid -= 7919)
        {
            if (!Directory.Exists("/proc/" + pid))
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                }
                catch (ArgumentException)
                {
                    return pid;
                }
            }
        }

        throw new InvalidOperationException("no unused pid found");
    }
}
