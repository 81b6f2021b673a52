using Aurora.Instrumentation.Testing.Running;

namespace Aurora.Instrumentation.Testing.Tests.Fakes;

/// <summary>How tests start the fake command as a real child process (this file is shared with the tool's tests).</summary>
internal static class ChildCommands
{
    /// <summary>The dotnet host that runs the tests (set by the SDK), else <c>dotnet</c> on PATH.</summary>
    public static string DotNet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static string TestAssembly => typeof(FakeCommand).Assembly.Location;

    public static string[] Fake(params string[] options) => [DotNet, TestAssembly, "fake", .. options];

    public static CommandSpec FakeSpec(params string[] options) => CommandSpec.FromArgv(Fake(options));

    /// <summary>A command line for compare's --base/--head.</summary>
    public static string FakeLine(params string[] options) => string.Join(' ', Fake(options).Select(CommandLineText.Quote));
}
