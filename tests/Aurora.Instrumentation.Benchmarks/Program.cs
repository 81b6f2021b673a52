using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project tests/Aurora.Instrumentation.Benchmarks -- --filter '*'
// One area: ... -- --filter '*Phase*'   (BenchmarkDotNet's own command line)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
