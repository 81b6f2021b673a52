# Thin wrappers with the original performance guide's habits. Everything here is plain dotnet commands.
.PHONY: build test test-guards benchmark benchmark-startup benchmark-soar benchmark-goals benchmark-init benchmark-dotnet history clean install ci

DOTNET ?= dotnet
N ?= 10
WARMUP ?= 2
BUDGETS := samples/Aurora.Cli/aurora.budgets.json
AUR_DLL := artifacts/bin/Aurora.Cli/release/aur.dll
TOOL_DLL := artifacts/bin/Aurora.Startup.Tool/release/aurora-startup.dll
AUR := $(DOTNET) $(AUR_DLL)
TOOL := $(DOTNET) $(TOOL_DLL)
BENCH_OUT := artifacts/benchmarks
# The benchmarks' own workspace (aur init'ed on first use), so runs never touch a .aurora/ of the checkout.
BENCH_ENV := env AURORA_WORKSPACE=$(CURDIR)/$(BENCH_OUT)/workspace
# `make benchmark-startup LABEL=v0.2.0 CHANGE="what changed"` also appends the three results to the history.
HISTORY := docs/performance-history.md
LABEL ?=
CHANGE ?=
VERSION := $(shell sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
PACKAGES := artifacts/packages
TOOLS := artifacts/tools

build:
	$(DOTNET) build Aurora.Instrumentation.sln -c Release

test:
	$(DOTNET) test Aurora.Instrumentation.sln

# The startup regression guards alone (the guide's `pytest …::TestRegressionGuards`): the sample's guard tests.
test-guards:
	$(DOTNET) test tests/Aurora.Cli.Tests -c Release --filter Category=StartupGuard

# Build the sample and the tool once, in Release, then time whole processes.
$(AUR_DLL) $(TOOL_DLL):
	$(DOTNET) build samples/Aurora.Cli -c Release
	$(DOTNET) build src/Aurora.Startup.Tool -c Release

benchmark-soar: $(AUR_DLL) $(TOOL_DLL)
	@mkdir -p $(BENCH_OUT)
	$(BENCH_ENV) $(TOOL) bench -n $(N) --warmup $(WARMUP) --budgets $(BUDGETS) --export-json $(BENCH_OUT)/soar.json --export-svg $(BENCH_OUT)/soar.svg -- $(AUR) soar "test query"

benchmark-goals: $(AUR_DLL) $(TOOL_DLL)
	@mkdir -p $(BENCH_OUT)
	$(BENCH_ENV) $(TOOL) bench -n $(N) --warmup $(WARMUP) --budgets $(BUDGETS) --export-json $(BENCH_OUT)/goals.json --export-svg $(BENCH_OUT)/goals.svg -- $(AUR) goals "ship the release"

benchmark-init: $(AUR_DLL) $(TOOL_DLL)
	@mkdir -p $(BENCH_OUT)
	$(BENCH_ENV) $(TOOL) bench -n $(N) --warmup $(WARMUP) --budgets $(BUDGETS) --export-json $(BENCH_OUT)/init.json --export-svg $(BENCH_OUT)/init.svg -- $(AUR) init --force

benchmark-startup: benchmark-soar benchmark-goals benchmark-init
	@if [ -n "$(LABEL)" ]; then $(MAKE) --no-print-directory history; else echo "(make benchmark-startup LABEL=<version> CHANGE='<what changed>' also appends these results to $(HISTORY))"; fi

# One row per command from the last benchmark-startup results; each result file is kept in docs/performance-history/.
history: $(TOOL_DLL)
	@[ -n "$(LABEL)" ] || { echo "usage: make history LABEL=<version> [CHANGE='<what changed>']" >&2; exit 2; }
	for name in soar goals init; do \
	  $(TOOL) history --append $(HISTORY) --label "$(LABEL)" --from $(BENCH_OUT)/$$name.json --change "$(CHANGE)" || exit $$?; \
	done

# In-process costs (phase spans, budget checks, lazies, export hand-off) with BenchmarkDotNet.
benchmark-dotnet:
	$(DOTNET) run -c Release --project tests/Aurora.Instrumentation.Benchmarks -- --filter '*'

benchmark: benchmark-startup benchmark-dotnet

# Everything built, packed, installed and measured lives under artifacts/ (bin, obj, packages, tools, benchmarks).
clean:
	-$(DOTNET) clean Aurora.Instrumentation.sln -c Release -nologo -v q
	rm -rf artifacts

# The aurora-startup tool from the local package, as users install it, into artifacts/tools (restored on its own, so
# a cached package of the same version is never used instead).
install:
	$(DOTNET) pack src/Aurora.Startup.Tool -c Release -o $(PACKAGES)
	rm -rf $(TOOLS) artifacts/tool-restore
	NUGET_PACKAGES=$(CURDIR)/artifacts/tool-restore $(DOTNET) tool install --tool-path $(TOOLS) --add-source $(PACKAGES) aurora-startup --version $(VERSION)
	$(TOOLS)/aurora-startup --version
	@echo "installed: $(TOOLS)/aurora-startup (add $(CURDIR)/$(TOOLS) to PATH, or run it from there)"

ci:
	bash .ci/run
