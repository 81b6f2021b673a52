using System.Text;
using Aurora.Instrumentation.Internal;
using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Internal.Platform;

/// <summary>Replacing through a temporary file: never what is not a regular file, never a temporary left behind.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RegularFileReplaceTests
{
    private static readonly byte[] s_report = Encoding.UTF8.GetBytes("{\"schema\":\"aurora.startup.report/1\"}");

    [Theory]
    [InlineData("fifo", "is a FIFO, not a regular file; it is not replaced")]
    [InlineData("socket", "is a socket, not a regular file; it is not replaced")]
    [InlineData("directory", "is a directory, not a regular file; it is not replaced")]
    [InlineData("link-to-regular", "is a symbolic link; it is not replaced")]
    [InlineData("dangling-link", "is a symbolic link; it is not replaced")]
    [InlineData("link-loop", "is a symbolic link; it is not replaced")]
    [InlineData("through-a-file", "a part of its path is not a directory")]
    public void What_is_not_a_regular_file_is_never_replaced_and_nothing_is_left_behind(string kind, string reason)
    {
        using var files = new SpecialFiles();
        var path = files.Kind(kind);
        var before = SpecialFiles.Names(files.Root);
        var link = kind.Contains("link", StringComparison.Ordinal) ? File.ResolveLinkTarget(path, returnFinalTarget: false)?.ToString() : null;

        Assert.False(RegularFile.TryReplace(path, s_report, out var problem));

        Assert.Contains(reason, problem!.Reason, StringComparison.Ordinal);
        Assert.Equal(before, SpecialFiles.Names(files.Root));
        Assert.Equal(link, kind.Contains("link", StringComparison.Ordinal) ? File.ResolveLinkTarget(path, returnFinalTarget: false)?.ToString() : null);
        if (kind == "link-to-regular")
        {
            Assert.Equal("{ \"commands\": {} }", File.ReadAllText(files.Path("target")));
        }
    }

    [RootFact]
    public void A_character_device_is_never_replaced()
    {
        using var files = new SpecialFiles();
        var device = files.Kind("device");

        Assert.False(RegularFile.TryReplace(device, s_report, out var problem));

        Assert.Equal("is a character device, not a regular file; it is not replaced", problem!.Reason);
        Assert.Equal(["device"], SpecialFiles.Names(files.Root));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("regular")]
    public void A_missing_or_regular_file_is_written_through_a_temporary_file_owner_only(string kind)
    {
        using var files = new SpecialFiles();
        var path = files.Kind(kind);

        Assert.True(RegularFile.TryReplace(path, s_report, out var problem), problem?.Message);

        Assert.Equal(s_report, File.ReadAllBytes(path));
        Assert.Equal([Path.GetFileName(path)], SpecialFiles.Names(files.Root));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [RootTheory]
    [InlineData(true, "is on a read-only file system")]
    [InlineData(false, "no space left on the device")]
    public void A_read_only_or_full_file_system_fails_cleanly(bool readOnly, string reason)
    {
        using var files = new SpecialFiles();
        var mount = files.Mount("fs", "16k", readOnly, out var whyNot);
        Assert.True(mount is not null, "tmpfs could not be mounted although the tests run as root: " + whyNot);
        if (!readOnly)
        {
            Assert.ThrowsAny<IOException>(() => File.WriteAllBytes(Path.Combine(mount, "filler"), new byte[64 * 1024]));
        }

        var before = SpecialFiles.Names(mount);

        Assert.False(RegularFile.TryReplace(Path.Combine(mount, "report.json"), new byte[32 * 1024], out var problem));

        Assert.Contains(reason, problem!.Reason, StringComparison.Ordinal);
        Assert.Equal(before, SpecialFiles.Names(mount));
    }
}
