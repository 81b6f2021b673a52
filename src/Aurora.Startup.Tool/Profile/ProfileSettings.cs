using Aurora.Instrumentation.Testing.Running;

namespace Aurora.Startup.Tool.Profile;

/// <summary>What <c>aurora-startup profile</c> was asked to do.</summary>
internal sealed class ProfileSettings
{
    public const string DefaultSvgPath = "profile/startup.svg";
    public const string DefaultSpeedscopePath = "profile/startup.speedscope.json";

    public required CommandSpec Command { get; init; }

    public int Runs { get; init; } = 1;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The whole run's flame graph; each slice's goes beside it as <c>&lt;stem&gt;.&lt;slice&gt;.svg</c>.</summary>
    public string SvgPath { get; init; } = DefaultSvgPath;

    public string SpeedscopePath { get; init; } = DefaultSpeedscopePath;

    /// <summary>Frames per slice in the printed tables.</summary>
    public int Top { get; init; } = 8;
}
