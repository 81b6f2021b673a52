namespace Aurora.Instrumentation.Testing.Tests.Fakes;

/// <summary>Tests that start child processes run one at a time: the CI machine has 2 cores.</summary>
[CollectionDefinition(Name)]
public sealed class SerialChildProcesses
{
    public const string Name = "child processes";
}
