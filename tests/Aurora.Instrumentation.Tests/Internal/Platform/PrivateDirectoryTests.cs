using System.Diagnostics;
using Aurora.Instrumentation.Internal;
using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Internal.Platform;

/// <summary>Directory chains made 0700 level by level, and the ssh/XDG_RUNTIME_DIR trust rules on real directories.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PrivateDirectoryTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public void Every_level_created_is_0700_and_existing_levels_are_left_alone()
    {
        using var files = new SpecialFiles();
        File.SetUnixFileMode(files.Root, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var deepest = Path.Combine(files.Root, "a", "b", "c");

        Assert.True(PrivateDirectory.TryCreate(deepest, out var problem), problem?.Message);

        foreach (var level in new[] { "a", "a/b", "a/b/c" })
        {
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(files.Root, level)));
        }

        Assert.Equal(OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, File.GetUnixFileMode(files.Root));
        Assert.True(PrivateDirectory.TryCreate(deepest, out _), "an existing chain is fine");
    }

    [Fact]
    public void A_chain_through_a_regular_file_is_one_problem()
    {
        using var files = new SpecialFiles();
        var below = files.Kind("through-a-file");

        Assert.False(PrivateDirectory.TryCreate(Path.Combine(below, "more"), out var problem));
        Assert.Contains("not a directory", problem!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x1C0, null)] // 0700
    [InlineData(0x1ED, null)] // 0755: readable by others is fine, writable is not
    [InlineData(0x1F8, "is writable by its group (mode 0770)")]
    [InlineData(0x1FF, "is writable by everyone (mode 0777)")]
    [InlineData(0x3FF, "is writable by everyone (mode 1777)")]
    public void A_directory_is_trusted_only_when_neither_group_nor_others_can_write(int mode, string? reason)
    {
        using var files = new SpecialFiles();
        var directory = Directory.CreateDirectory(files.Path("spool")).FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)mode);

        Assert.Equal(reason, PrivateDirectory.CheckTrusted(directory)?.Reason);
    }

    [Theory]
    [InlineData("regular", "is a regular file, not a directory")]
    [InlineData("fifo", "is a FIFO, not a directory")]
    [InlineData("missing", "does not exist")]
    [InlineData("link-loop", "is a symbolic link loop")]
    public void What_is_not_a_directory_is_not_trusted(string kind, string reason)
    {
        using var files = new SpecialFiles();

        Assert.StartsWith(reason, PrivateDirectory.CheckTrusted(files.Kind(kind))!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_own_link_to_a_trusted_directory_is_followed_and_to_an_untrusted_one_is_not_trusted()
    {
        using var files = new SpecialFiles();
        var trusted = Directory.CreateDirectory(files.Path("trusted")).FullName;
        File.SetUnixFileMode(trusted, OwnerOnly);
        var open = Directory.CreateDirectory(files.Path("open")).FullName;
        File.SetUnixFileMode(open, (UnixFileMode)0x1FF);

        Assert.Null(PrivateDirectory.CheckTrusted(files.Link("to-trusted", trusted)));
        Assert.Equal("is writable by everyone (mode 0777)", PrivateDirectory.CheckTrusted(files.Link("to-open", open))?.Reason);
    }

    [RootFact]
    public void A_directory_or_a_link_owned_by_another_user_is_not_trusted()
    {
        using var files = new SpecialFiles();
        var foreign = Directory.CreateDirectory(files.Path("foreign")).FullName;
        File.SetUnixFileMode(foreign, OwnerOnly);
        SpecialFiles.Run("chown", "4242", foreign);
        var own = Directory.CreateDirectory(files.Path("own")).FullName;
        File.SetUnixFileMode(own, OwnerOnly);
        var foreignLink = files.Link("foreign-link", own);
        SpecialFiles.Run("chown", "-h", "4242", foreignLink);

        Assert.Equal("is owned by uid 4242, not by you (uid 0)", PrivateDirectory.CheckTrusted(foreign)?.Reason);
        Assert.Equal("is a symbolic link owned by uid 4242 (only links owned by you or by root are followed)", PrivateDirectory.CheckTrusted(foreignLink)?.Reason);
        Assert.Equal(4242, PathDescription.Of(foreign).OwnerUid);
        Assert.Equal(0, CurrentUser.EffectiveUid);
    }

    [Fact]
    public void The_current_user_is_the_process_owner()
    {
        var id = Process.Start(new ProcessStartInfo("id", "-u") { RedirectStandardOutput = true })!;
        var expected = long.Parse(id.StandardOutput.ReadToEnd().Trim(), System.Globalization.CultureInfo.InvariantCulture);
        id.WaitForExit();

        Assert.Equal(expected, CurrentUser.EffectiveUid);
    }
}
