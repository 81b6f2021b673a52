using Aurora.Instrumentation.Testing.Running;
using Aurora.Instrumentation.Testing.Tests.Fakes;
using Aurora.Startup.Tool.Profile;

namespace Aurora.Startup.Tool.Tests.Profile;

public sealed class NativeAotTargetTests
{
    [Fact]
    public void An_executable_with_the_aot_compilers_section_and_no_runtimeconfig_is_native_aot()
    {
        using var temp = new TempDirectory();
        var aot = temp.File("aur");

        // The marker straddles the 1 MiB read buffer: a split marker must still be found.
        var bytes = new byte[(1 << 20) + 64];
        "\u007fELF"u8.CopyTo(bytes);
        "__managedcode"u8.CopyTo(bytes.AsSpan((1 << 20) - 5));
        File.WriteAllBytes(aot, bytes);

        Assert.Equal(aot, NativeAotTarget.Find(CommandSpec.FromArgv([aot, "soar", "q"])));
    }

    [Fact]
    public void An_apphost_beside_its_runtimeconfig_a_dotnet_command_and_a_plain_program_are_not()
    {
        using var temp = new TempDirectory();
        var apphost = temp.File("aur");
        File.WriteAllBytes(apphost, [.. "\u007fELF__managedcode"u8]);
        File.WriteAllText(temp.File("aur.runtimeconfig.json"), "{}");
        var plain = temp.File("tool");
        File.WriteAllBytes(plain, [.. "\u007fELF plain native code"u8]);

        Assert.Null(NativeAotTarget.Find(CommandSpec.FromArgv([apphost])));
        Assert.Null(NativeAotTarget.Find(CommandSpec.FromArgv([ChildCommands.DotNet, "aur.dll"])));
        Assert.Null(NativeAotTarget.Find(CommandSpec.FromArgv([plain])));
        Assert.Null(NativeAotTarget.Find(CommandSpec.FromArgv([temp.File("missing")])));
    }
}
