using System.Runtime.InteropServices;

namespace Aurora.Startup.Tool.Export;

/// <summary>
/// The machine a result was measured on. Its class — platform and core count — decides which results may be compared
/// in the performance history: the same command on another class of machine starts a series of its own.
/// </summary>
/// <param name="Platform">The runtime identifier, e.g. <c>linux-x64</c>.</param>
/// <param name="Processors">Logical processors.</param>
/// <param name="Os">The operating system's description.</param>
/// <param name="Runtime">The .NET runtime's description.</param>
internal sealed record MachineInfo(string Platform, int Processors, string Os, string Runtime)
{
    /// <summary>This machine.</summary>
    public static MachineInfo Current()
        => new(RuntimeInformation.RuntimeIdentifier, Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);

    /// <summary><c>linux-x64, 2 cores</c>.</summary>
    public string Class => $"{Platform}, {Processors} {(Processors == 1 ? "core" : "cores")}";
}
