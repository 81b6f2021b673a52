using Aurora.Startup.Tool.Running;

namespace Aurora.Startup.Tool.Tests.Fakes;

/// <summary>How tests start the fake command and the tool itself as real child processes.</summary>
internal static class ChildCommands
{
    /// <summary>The dotnet host that runs the tests (set by the SDK), else <c>dotnet</c> on PATH.</summary>
    public static string DotNet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static string TestAssembly => typeof(FakeCommand).Assembly.Location;

    public static string[] Fake(params string[] options) => [DotNet, TestAssembly, "fake", .. options];

    public static CommandSpec FakeSpec(params string[] options) => CommandSpec.FromArgv(Fake(options));

    /// <summary>A command line for compare's --base/--head.</summary>
    public static string FakeLine(params string[] options) => string.Join(' ', Fake(options).Select(CommandLineText.Quote));

    /// <summary>The tool's own entry assembly, copied beside the tests by the project reference.</summary>
    public static string ToolAssembly => Path.Combine(Path.GetDirectoryName(TestAssembly)!, "aurora-startup.dll");
}
