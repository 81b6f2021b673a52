# Thin wrappers with the original performance guide's habits. Everything here is plain dotnet commands.
.PHONY: build test benchmark benchmark-startup benchmark-soar benchmark-goals benchmark-init benchmark-dotnet ci

DOTNET ?= dotnet
N ?= 10
WARMUP ?= 2
BUDGETS := samples/Aurora.Cli/aurora.budgets.json
AUR := $(DOTNET) artifacts/bin/Aurora.Cli/release/aur.dll
TOOL := $(DOTNET) artifacts/bin/Aurora.Startup.Tool/release/aurora-startup.dll
BENCH_OUT := artifacts/benchmarks

build:
	$(DOTNET) build Aurora.Instrumentation.sln -c Release

test:
	$(DOTNET) test Aurora.Instrumentation.sln

# Build the sample and the tool once, in Release, then time whole processes.
artifacts/bin/Aurora.Cli/release/aur.dll artifacts/bin/Aurora.Startup.Tool/release/aurora-startup.dll:
	$(DOTNET) build samples/Aurora.Cli -c Release
	$(DOTNET) build src/Aurora.Startup.Tool -c Release

benchmark-soar: artifacts/bin/Aurora.Cli/release/aur.dll artifacts/bin/Aurora.Startup.Tool/release/aurora-startup.dll
	@mkdir -p $(BENCH_OUT)
	$(TOOL) bench -n $(N) --warmup $(WARMUP) --budgets $(BUDGETS) --export-json $(BENCH_OUT)/soar.json --export-svg $(BENCH_OUT)/soar.svg -- $(AUR) soar "test query"

benchmark-goals: artifacts/bin/Aurora.Cli/release/aur.dll artifacts/bin/Aurora.Startup.Tool/release/aurora-startup.dll
	@mkdir -p $(BENCH_OUT)
	$(TOOL) bench -n $(N) --warmup $(WARMUP) --budgets $(BUDGETS) --export-json $(BENCH_OUT)/goals.json --export-svg $(BENCH_OUT)/goals.svg -- $(AUR) goals "ship the release"

benchmark-init: artifacts/bin/Aurora.Cli/release/aur.dll artifacts/bin/Aurora.Startup.Tool/release/aurora-startup.dll
	@mkdir -p $(BENCH_OUT)
	$(TOOL) bench -n $(N) --warmup $(WARMUP) --budgets $(BUDGETS) --export-json $(BENCH_OUT)/init.json --export-svg $(BENCH_OUT)/init.svg -- $(AUR) init --force

benchmark-startup: benchmark-soar benchmark-goals benchmark-init

# In-process costs (phase spans, budget checks, lazies, export hand-off) with BenchmarkDotNet.
benchmark-dotnet:
	$(DOTNET) run -c Release --project tests/Aurora.Instrumentation.Benchmarks -- --filter '*'

benchmark: benchmark-startup benchmark-dotnet

ci:
	bash .ci/run
