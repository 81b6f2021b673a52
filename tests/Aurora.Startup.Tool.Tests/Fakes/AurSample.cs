using System.Reflection;
using Aurora.Instrumentation.Testing.Running;
using Aurora.Instrumentation.Testing.Tests.Fakes;

namespace Aurora.Startup.Tool.Tests.Fakes;

/// <summary>The real <c>aur</c> sample (built by the test project), run in its own workspace with telemetry export off.</summary>
internal static class AurSample
{
    public static string Dll => Metadata("AurSample");

    public static string Budgets => Path.GetFullPath(Metadata("AurBudgets"));

    /// <summary><c>env AURORA_WORKSPACE=… AURORA_TELEMETRY=off [extra…] dotnet aur.dll soar q</c>.</summary>
    public static string[] Soar(string workspace, params string[] environment)
        => ["env", "AURORA_WORKSPACE=" + workspace, "AURORA_TELEMETRY=off", .. environment, ChildCommands.DotNet, Dll, "soar", "how fast is startup?"];

    public static string SoarLine(string workspace, params string[] environment)
        => string.Join(' ', Soar(workspace, environment).Select(CommandLineText.Quote));

    private static string Metadata(string key)
        => typeof(AurSample).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
           ?? throw new InvalidOperationException(key);
}
