using System.Reflection;

namespace Aurora.Startup.Tool;

/// <summary>The tool's informational version, for exports.</summary>
internal static class ToolVersion
{
    public static string Text
        => typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
