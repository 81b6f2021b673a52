using System.Runtime.InteropServices;
using Aurora.Instrumentation.Internal;
using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Instrumentation.Tests.Internal.Platform;

/// <summary>statx-based descriptions of real paths, and the per-architecture open flags checked against this kernel.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PathDescriptionTests
{
    [Theory]
    [InlineData("regular", nameof(PathKind.RegularFile))]
    [InlineData("directory", nameof(PathKind.Directory))]
    [InlineData("fifo", nameof(PathKind.Fifo))]
    [InlineData("socket", nameof(PathKind.Socket))]
    [InlineData("link-loop", nameof(PathKind.SymbolicLink))]
    [InlineData("link-to-regular", nameof(PathKind.SymbolicLink))]
    [InlineData("missing", nameof(PathKind.Missing))]
    [InlineData("/dev/zero", nameof(PathKind.CharacterDevice))]
    public void A_path_is_described_without_following_it(string kind, string expected)
    {
        using var files = new SpecialFiles();
        var description = PathDescription.Of(files.Kind(kind));

        Assert.Equal(expected, description.Kind.ToString());
        if (expected != nameof(PathKind.Missing))
        {
            Assert.Equal(CurrentUser.EffectiveUid, kind.StartsWith('/') ? 0 : description.OwnerUid);
        }
    }

    [Fact]
    public void Following_a_link_describes_its_target_with_its_mode()
    {
        using var files = new SpecialFiles();
        var path = files.Kind("link-to-regular");
        File.SetUnixFileMode(files.Path("target"), UnixFileMode.UserRead | UnixFileMode.GroupRead);

        var target = PathDescription.Of(path, followLinks: true);

        Assert.Equal(PathKind.RegularFile, target.Kind);
        Assert.Equal(0x120, target.Mode);
        Assert.Equal("0440", target.ModeText);
        Assert.Equal(18, target.Size);
    }

    /// <summary>O_NOFOLLOW and O_DIRECTORY differ between x64 and arm64: the values used must do what they say on this machine.</summary>
    [Fact]
    public unsafe void The_open_flags_for_this_architecture_are_the_kernels()
    {
        Assert.True(LinuxAbi.IsKnownArchitecture, "x64 or arm64 Linux expected, found " + RuntimeInformation.ProcessArchitecture);
        using var files = new SpecialFiles();
        var open2 = (delegate* unmanaged<byte*, int, int>)LibC.Find("__open_2");
        var close = (delegate* unmanaged<int, int>)LibC.Find("close");

        int Open(string path, int flags)
        {
            fixed (byte* p = System.Text.Encoding.UTF8.GetBytes(path + "\0"))
            {
                var descriptor = open2(p, flags);
                var errno = Marshal.GetLastSystemError();
                if (descriptor >= 0)
                {
                    _ = close(descriptor);
                    return 0;
                }

                return errno;
            }
        }

        Assert.Equal(LinuxAbi.ELOOP, Open(files.Kind("link-to-regular"), LinuxAbi.OpenNoFollow | LinuxAbi.OpenCloseOnExec));
        Assert.Equal(0, Open(files.Path("target"), LinuxAbi.OpenNoFollow | LinuxAbi.OpenCloseOnExec));
        Assert.Equal(LinuxAbi.ENOTDIR, Open(files.Path("target"), LinuxAbi.OpenDirectory | LinuxAbi.OpenCloseOnExec));
        Assert.Equal(0, Open(files.Root, LinuxAbi.OpenDirectory | LinuxAbi.OpenCloseOnExec));
        Assert.Equal(0, Open(files.Kind("fifo"), LinuxAbi.OpenNonBlocking | LinuxAbi.OpenCloseOnExec)); // O_NONBLOCK: a FIFO opens at once
    }
}
