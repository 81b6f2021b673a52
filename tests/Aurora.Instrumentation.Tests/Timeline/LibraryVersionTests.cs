using Aurora.Instrumentation.Telemetry;

namespace Aurora.Instrumentation.Tests.Timeline;

public sealed class LibraryVersionTests
{
    [Fact]
    public void The_scope_version_is_the_assemblys_major_minor_patch()
        => Assert.Equal(typeof(StartupTimeline).Assembly.GetName().Version!.ToString(3), LibraryVersion.Value);

    [Theory]
    [InlineData("Aurora.Instrumentation, Version=1.2.3.4, Culture=neutral, PublicKeyToken=null", "1.2.3")]
    [InlineData("Aurora.Instrumentation, Version=10.20.30.0", "10.20.30")]
    [InlineData("Aurora.Instrumentation, Version=1.2, Culture=neutral", "1.2")]
    [InlineData("Aurora.Instrumentation, Culture=neutral", null)]
    [InlineData("Aurora.Instrumentation, Version=, Culture=neutral", null)]
    [InlineData(null, null)]
    public void The_version_is_read_from_the_full_name(string? fullName, string? version)
        => Assert.Equal(version, LibraryVersion.FromFullName(fullName));
}
